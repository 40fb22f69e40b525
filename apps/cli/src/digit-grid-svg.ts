import { escapeHtml } from './escape-html.js';
import { formatPercent } from './format-table.js';

/** One digit of a `digitGridSvg`. */
export interface GridDigit {
  /** Index in the test split. */
  index: number;
  label: number;
  predicted: number;
  confidence: number;
  /** Image URL, normally a `data:image/png;base64,…` URI (the SVG stays self-contained). */
  src: string;
}

export interface DigitGridOptions {
  title: string;
  digits: readonly GridDigit[];
  classNames: readonly string[];
  /** Captions "true 7 → 2" (misclassified grid) instead of "7 · label 7" (sample grid). */
  showTruth: boolean;
  /** Digits per row. */
  columns?: number;
}

/** Digits per row unless given. */
export const GRID_COLUMNS = 10;
/** Cell size and the digit's drawn size, pixels. */
const CELL_W = 96;
const CELL_H = 112;
const DIGIT_PX = 56;
const TITLE_H = 32;
const FONT = 'font-family="system-ui, -apple-system, Segoe UI, Roboto, sans-serif"';
const COLORS = { ok: '#15803d', wrong: '#b91c1c', okFill: '#f0fdf4', wrongFill: '#fef2f2', muted: '#6b7280', text: '#1f2937' };

/**
 * A standalone SVG picture of a grid of test digits with their predictions, the "sample predictions" and
 * "misclassified digits" figures of the Keras/PyTorch tutorials: each digit with its predicted class (green
 * when right, red when wrong), the true class and the confidence. The digit images are embedded, so the file
 * opens on its own.
 */
export function digitGridSvg(options: DigitGridOptions): string {
  const columns = Math.max(1, options.columns ?? GRID_COLUMNS);
  const rows = Math.max(1, Math.ceil(options.digits.length / columns));
  const width = Math.min(columns, Math.max(options.digits.length, 1)) * CELL_W;
  const height = TITLE_H + rows * CELL_H;
  const name = (k: number) => escapeHtml(options.classNames[k] ?? String(k));
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeHtml(options.title)}" ${FONT} font-size="11">`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="${width / 2}" y="21" text-anchor="middle" font-size="14" font-weight="600" fill="${COLORS.text}">${escapeHtml(options.title)}</text>`,
  ];
  options.digits.forEach((d, i) => {
    const x = (i % columns) * CELL_W;
    const y = TITLE_H + Math.floor(i / columns) * CELL_H;
    const ok = d.predicted === d.label;
    const cx = x + CELL_W / 2;
    const first = options.showTruth ? `true ${name(d.label)} → ${name(d.predicted)}` : `${name(d.predicted)}  (label ${name(d.label)})`;
    parts.push(
      `<g data-index="${d.index}"><title>${escapeHtml(`test image #${d.index}: label ${options.classNames[d.label] ?? d.label}, predicted ${options.classNames[d.predicted] ?? d.predicted}, ${formatPercent(d.confidence, 1)}`)}</title>`,
      `<rect x="${x + 3}" y="${y + 3}" width="${CELL_W - 6}" height="${CELL_H - 6}" rx="6" fill="${ok ? COLORS.okFill : COLORS.wrongFill}" stroke="${ok ? COLORS.ok : COLORS.wrong}" stroke-opacity="0.4"/>`,
      `<image x="${cx - DIGIT_PX / 2}" y="${y + 8}" width="${DIGIT_PX}" height="${DIGIT_PX}" href="${d.src}" xlink:href="${d.src}"/>`,
      `<text x="${cx}" y="${y + DIGIT_PX + 24}" text-anchor="middle" font-weight="600" fill="${ok ? COLORS.ok : COLORS.wrong}">${first}</text>`,
      `<text x="${cx}" y="${y + DIGIT_PX + 38}" text-anchor="middle" fill="${COLORS.muted}">${formatPercent(d.confidence, 1)} · #${d.index}</text>`,
      '</g>',
    );
  });
  parts.push('</svg>');
  return parts.join('\n');
}
