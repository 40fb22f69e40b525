import { escapeHtml } from './escape-html.js';

/** Side of one cell of the heatmap, in pixels. */
export const CONFUSION_CELL_PX = 40;
const LEFT = 86;
const TOP = 64;
/** Height of the colour legend under the matrix, in pixels. */
const LEGEND_PX = 56;
/** Width of each legend's colour ramp, in pixels. */
const RAMP_PX = 120;
const FONT = 'font-family="system-ui, -apple-system, Segoe UI, Roboto, sans-serif"';

function mix(from: readonly number[], to: readonly number[], t: number): string {
  const c = from.map((f, i) => Math.round(f + (to[i]! - f) * Math.min(1, Math.max(0, t))));
  return `rgb(${c.join(',')})`;
}

const WHITE = [255, 255, 255];
const BLUE = [29, 78, 216];
const RED = [220, 38, 38];

/**
 * Shade of an off-diagonal cell, 0..1: log-scaled on the largest error count of the matrix, so that 1, 5
 * and 37 errors are told apart (1 error is faint but visible; the largest count is full red).
 */
export function errorShade(count: number, maxErrors: number): number {
  if (count <= 0 || maxErrors <= 0) return 0;
  return 0.15 + (0.85 * Math.log1p(count)) / Math.log1p(maxErrors);
}

/**
 * The confusion matrix as an SVG heatmap: rows are true classes, columns predicted classes, each cell shows
 * its count. The diagonal (correct) is shaded blue by its share of the row; errors red on a log scale of
 * their count (see `errorShade`). A legend under the matrix gives both scales. The SVG is sized to its content.
 */
export function confusionMatrixSvg(matrix: readonly (readonly number[])[], classNames: readonly string[], title = 'Confusion matrix'): string {
  const n = matrix.length;
  const size = n * CONFUSION_CELL_PX;
  const maxErrors = Math.max(0, ...matrix.flatMap((row, i) => row.filter((_, j) => j !== i)));
  const width = Math.max(LEFT + size + 16, 2 * RAMP_PX + 60);
  const height = TOP + size + 16 + LEGEND_PX;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeHtml(title)}" ${FONT} font-size="12">`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="${LEFT + size / 2}" y="18" text-anchor="middle" font-size="14" font-weight="600" fill="#1f2937">${escapeHtml(title)}</text>`,
    `<text x="${LEFT + size / 2}" y="38" text-anchor="middle" fill="#374151">predicted class</text>`,
    `<text transform="translate(18 ${TOP + size / 2}) rotate(-90)" text-anchor="middle" fill="#374151">true class</text>`,
  ];
  matrix.forEach((row, i) => {
    const total = row.reduce((a, b) => a + b, 0);
    const label = (classNames[i] ?? String(i)).slice(0, 8);
    parts.push(`<text x="${LEFT - 6}" y="${TOP + i * CONFUSION_CELL_PX + CONFUSION_CELL_PX / 2 + 4}" text-anchor="end" fill="#4b5563">${escapeHtml(label)}</text>`);
    row.forEach((count, j) => {
      const share = total > 0 ? count / total : 0;
      const shade = i === j ? share : errorShade(count, maxErrors);
      const fill = count === 0 && i !== j ? '#ffffff' : mix(WHITE, i === j ? BLUE : RED, shade);
      const dark = shade > 0.55;
      const x = LEFT + j * CONFUSION_CELL_PX;
      const y = TOP + i * CONFUSION_CELL_PX;
      parts.push(
        `<rect x="${x}" y="${y}" width="${CONFUSION_CELL_PX}" height="${CONFUSION_CELL_PX}" fill="${fill}" stroke="#e5e7eb" data-count="${count}"><title>${escapeHtml(`true ${classNames[i] ?? i}, predicted ${classNames[j] ?? j}: ${count}`)}</title></rect>`,
      );
      if (count > 0) {
        parts.push(
          `<text x="${x + CONFUSION_CELL_PX / 2}" y="${y + CONFUSION_CELL_PX / 2 + 4}" text-anchor="middle" font-size="11" fill="${dark ? '#ffffff' : '#111827'}">${count}</text>`,
        );
      }
    });
  });
  (classNames.length > 0 ? classNames : matrix.map((_, i) => String(i))).slice(0, n).forEach((name, j) => {
    parts.push(`<text x="${LEFT + j * CONFUSION_CELL_PX + CONFUSION_CELL_PX / 2}" y="${TOP - 6}" text-anchor="middle" fill="#4b5563">${escapeHtml(name.slice(0, 5))}</text>`);
  });
  parts.push(...legend(TOP + size + 16, maxErrors));
  parts.push('</svg>');
  return parts.join('\n');
}

/** Two colour ramps: errors (1 .. the largest error count, log scale) and correct (share of the row). */
function legend(top: number, maxErrors: number): string[] {
  const steps = 12;
  const ramp = (x: number, color: readonly number[], shadeAt: (t: number) => number) =>
    Array.from({ length: steps }, (_, k) => {
      const w = RAMP_PX / steps;
      return `<rect x="${(x + k * w).toFixed(1)}" y="${top + 18}" width="${(w + 0.5).toFixed(1)}" height="12" fill="${mix(WHITE, color, shadeAt(k / (steps - 1)))}"/>`;
    }).join('');
  const errorsX = 16;
  const correctX = errorsX + RAMP_PX + 28;
  const parts = [`<g class="legend" font-size="11" fill="#374151">`];
  if (maxErrors > 0) {
    parts.push(
      `<text x="${errorsX}" y="${top + 12}">errors (count, log scale)</text>`,
      ramp(errorsX, RED, (t) => errorShade(Math.expm1(t * Math.log1p(maxErrors)), maxErrors)),
      `<text x="${errorsX}" y="${top + 44}">1</text>`,
      `<text x="${errorsX + RAMP_PX}" y="${top + 44}" text-anchor="end">${maxErrors}</text>`,
    );
  } else {
    parts.push(`<text x="${errorsX}" y="${top + 12}">no errors</text>`);
  }
  parts.push(
    `<text x="${correctX}" y="${top + 12}">correct (share of row)</text>`,
    ramp(correctX, BLUE, (t) => t),
    `<text x="${correctX}" y="${top + 44}">0%</text>`,
    `<text x="${correctX + RAMP_PX}" y="${top + 44}" text-anchor="end">100%</text>`,
    '</g>',
  );
  return parts;
}
