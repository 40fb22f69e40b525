import { escapeHtml } from './escape-html.js';
import { niceTicks } from './nice-ticks.js';

/** Precision and recall of one class. */
export interface ClassScore {
  className: string;
  precision: number;
  recall: number;
}

const WIDTH = 560;
const HEIGHT = 300;
const MARGIN = { top: 36, right: 16, bottom: 56, left: 56 };
const FONT = 'font-family="system-ui, -apple-system, Segoe UI, Roboto, sans-serif"';
/** Bar colours: precision, recall. */
export const PRECISION_COLOR = '#2563eb';
export const RECALL_COLOR = '#f59e0b';

/**
 * Grouped bars of precision and recall per class. The y axis starts near the lowest score (not at 0) so
 * differences between 97% and 99% are visible; the cut is marked on the axis with a break sign and
 * said in words under the title ("y axis starts at 92%, not 0").
 */
export function perClassBarChartSvg(scores: readonly ClassScore[], title = 'Precision and recall per class'): string {
  const plotW = WIDTH - MARGIN.left - MARGIN.right;
  const plotH = HEIGHT - MARGIN.top - MARGIN.bottom;
  const values = scores.flatMap((s) => [s.precision, s.recall]).filter((v) => Number.isFinite(v));
  const ticks = niceTicks(Math.min(1, ...values), 1, 5).filter((t) => t <= 1);
  const lo = Math.max(0, ticks[0]!);
  const sy = (v: number) => MARGIN.top + plotH - ((Math.max(lo, v) - lo) / (1 - lo || 1)) * plotH;
  const group = plotW / Math.max(1, scores.length);
  const bar = Math.min(16, group * 0.35);
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-label="${escapeHtml(title)}" ${FONT} font-size="12">`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="#ffffff"/>`,
    `<text x="${WIDTH / 2}" y="20" text-anchor="middle" font-size="14" font-weight="600" fill="#1f2937">${escapeHtml(title)}</text>`,
  ];
  if (lo > 0) {
    // The axis does not start at 0: a break sign at its foot, and the words.
    const foot = MARGIN.top + plotH;
    const x = MARGIN.left;
    parts.push(
      `<line x1="${x}" x2="${x}" y1="${MARGIN.top}" y2="${foot}" stroke="#6b7280"/>`,
      `<path d="M ${x - 6} ${foot - 10} l 12 -5 M ${x - 6} ${foot - 4} l 12 -5" stroke="#374151" stroke-width="1.5" fill="none" class="axis-break"/>`,
      `<text x="${WIDTH / 2}" y="32" text-anchor="middle" font-size="11" fill="#b45309">y axis starts at ${Number((lo * 100).toFixed(1))}%, not 0</text>`,
    );
  }
  for (const t of ticks.filter((t) => t >= lo)) {
    const y = sy(t).toFixed(1);
    parts.push(`<line x1="${MARGIN.left}" x2="${MARGIN.left + plotW}" y1="${y}" y2="${y}" stroke="#e5e7eb"/>`);
    parts.push(`<text x="${MARGIN.left - 6}" y="${y}" dy="4" text-anchor="end" fill="#4b5563">${Number((t * 100).toFixed(1))}%</text>`);
  }
  scores.forEach((s, i) => {
    const cx = MARGIN.left + group * i + group / 2;
    for (const [k, value, color, name] of [
      [0, s.precision, PRECISION_COLOR, 'precision'],
      [1, s.recall, RECALL_COLOR, 'recall'],
    ] as const) {
      const x = cx - bar + k * bar;
      const y = sy(value);
      parts.push(
        `<rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${bar.toFixed(1)}" height="${(MARGIN.top + plotH - y).toFixed(1)}" fill="${color}"><title>${escapeHtml(`${s.className} ${name}: ${(value * 100).toFixed(2)}%`)}</title></rect>`,
      );
    }
    parts.push(`<text x="${cx.toFixed(1)}" y="${MARGIN.top + plotH + 16}" text-anchor="middle" fill="#4b5563">${escapeHtml(s.className.slice(0, 6))}</text>`);
  });
  parts.push(
    `<line x1="${MARGIN.left}" x2="${MARGIN.left + plotW}" y1="${MARGIN.top + plotH}" y2="${MARGIN.top + plotH}" stroke="#6b7280"/>`,
    `<text x="${MARGIN.left + plotW / 2}" y="${MARGIN.top + plotH + 32}" text-anchor="middle" fill="#374151">class</text>`,
    `<rect x="${MARGIN.left}" y="${HEIGHT - 16}" width="12" height="10" fill="${PRECISION_COLOR}"/>`,
    `<text x="${MARGIN.left + 18}" y="${HEIGHT - 7}" fill="#374151">precision</text>`,
    `<rect x="${MARGIN.left + 100}" y="${HEIGHT - 16}" width="12" height="10" fill="${RECALL_COLOR}"/>`,
    `<text x="${MARGIN.left + 118}" y="${HEIGHT - 7}" fill="#374151">recall</text>`,
    '</svg>',
  );
  return parts.join('\n');
}
