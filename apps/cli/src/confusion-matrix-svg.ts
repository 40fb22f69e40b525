import { escapeHtml } from './escape-html.js';

/** Side of one cell of the heatmap, in pixels. */
export const CONFUSION_CELL_PX = 40;
const LEFT = 86;
const TOP = 64;
const FONT = 'font-family="system-ui, -apple-system, Segoe UI, Roboto, sans-serif"';

function mix(from: readonly number[], to: readonly number[], t: number): string {
  const c = from.map((f, i) => Math.round(f + (to[i]! - f) * Math.min(1, Math.max(0, t))));
  return `rgb(${c.join(',')})`;
}

const WHITE = [255, 255, 255];
const BLUE = [29, 78, 216];
const RED = [220, 38, 38];

/**
 * The confusion matrix as an SVG heatmap: rows are true classes, columns predicted classes, each cell shows
 * its count. Cells are shaded by the share of the row (the true class) they hold: the diagonal (correct) in
 * blue, errors in red on a square-root scale so that a few mistakes still show.
 */
export function confusionMatrixSvg(matrix: readonly (readonly number[])[], classNames: readonly string[], title = 'Confusion matrix'): string {
  const n = matrix.length;
  const size = n * CONFUSION_CELL_PX;
  const width = LEFT + size + 16;
  const height = TOP + size + 16;
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
      const fill = i === j ? mix(WHITE, BLUE, share) : count === 0 ? '#ffffff' : mix(WHITE, RED, 0.08 + Math.sqrt(share) * 1.6);
      const dark = i === j ? share > 0.5 : Math.sqrt(share) * 1.6 > 0.55;
      const x = LEFT + j * CONFUSION_CELL_PX;
      const y = TOP + i * CONFUSION_CELL_PX;
      parts.push(
        `<rect x="${x}" y="${y}" width="${CONFUSION_CELL_PX}" height="${CONFUSION_CELL_PX}" fill="${fill}" stroke="#e5e7eb"><title>${escapeHtml(`true ${classNames[i] ?? i}, predicted ${classNames[j] ?? j}: ${count}`)}</title></rect>`,
      );
      if (count > 0) {
        parts.push(
          `<text x="${x + CONFUSION_CELL_PX / 2}" y="${y + CONFUSION_CELL_PX / 2 + 4}" text-anchor="middle" font-size="${count >= 1000 ? 10 : 11}" fill="${dark ? '#ffffff' : '#111827'}">${count}</text>`,
        );
      }
    });
  });
  (classNames.length > 0 ? classNames : matrix.map((_, i) => String(i))).slice(0, n).forEach((name, j) => {
    parts.push(`<text x="${LEFT + j * CONFUSION_CELL_PX + CONFUSION_CELL_PX / 2}" y="${TOP - 6}" text-anchor="middle" fill="#4b5563">${escapeHtml(name.slice(0, 5))}</text>`);
  });
  parts.push('</svg>');
  return parts.join('\n');
}
