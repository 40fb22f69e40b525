import { escapeHtml } from './escape-html.js';
import { niceTicks } from './nice-ticks.js';

/** One line of a `lineChartSvg`. Non-finite values (missing validation) are skipped. */
export interface ChartSeries {
  name: string;
  values: readonly number[];
  color: string;
  dashed?: boolean;
}

export interface LineChartOptions {
  title: string;
  /** X value of each point (e.g. epoch numbers). */
  x: readonly number[];
  series: readonly ChartSeries[];
  xLabel: string;
  yLabel: string;
  /** Formats y tick labels (default: up to 3 significant digits). */
  formatY?: (value: number) => string;
  /** Pixels. */
  width?: number;
  height?: number;
}

/** Chart size in pixels unless given. */
export const CHART_WIDTH = 480;
export const CHART_HEIGHT = 300;
const MARGIN = { top: 36, right: 16, bottom: 64, left: 60 };
const FONT = 'font-family="system-ui, -apple-system, Segoe UI, Roboto, sans-serif"';

function fmt(n: number): string {
  return Number(n.toFixed(2)).toString();
}

/**
 * A standalone SVG line chart (axes, grid, ticks, a legend, a marker on every point), valid both as an
 * `.svg` file and inlined in HTML. Used for the report's learning curves.
 */
export function lineChartSvg(options: LineChartOptions): string {
  const width = options.width ?? CHART_WIDTH;
  const height = options.height ?? CHART_HEIGHT;
  const plotW = width - MARGIN.left - MARGIN.right;
  const plotH = height - MARGIN.top - MARGIN.bottom;
  const formatY = options.formatY ?? ((v: number) => Number(v.toPrecision(3)).toString());
  const ys = options.series.flatMap((s) => s.values.filter((v) => Number.isFinite(v)));
  const yTicks = niceTicks(ys.length > 0 ? Math.min(...ys) : 0, ys.length > 0 ? Math.max(...ys) : 1, 5);
  const yMin = yTicks[0]!;
  const yMax = yTicks[yTicks.length - 1]!;
  const xs = options.x.length > 0 ? options.x : [0];
  const xMin = Math.min(...xs);
  const xMax = Math.max(...xs);
  const sx = (x: number) => MARGIN.left + (xMax === xMin ? plotW / 2 : ((x - xMin) / (xMax - xMin)) * plotW);
  const sy = (y: number) => MARGIN.top + plotH - ((y - yMin) / (yMax - yMin || 1)) * plotH;
  const xTickStep = Math.max(1, Math.ceil(xs.length / 10));
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeHtml(options.title)}" ${FONT} font-size="12">`,
  );
  parts.push(`<rect width="${width}" height="${height}" fill="#ffffff"/>`);
  parts.push(`<text x="${width / 2}" y="20" text-anchor="middle" font-size="14" font-weight="600" fill="#1f2937">${escapeHtml(options.title)}</text>`);
  for (const t of yTicks) {
    const y = fmt(sy(t));
    parts.push(`<line x1="${MARGIN.left}" x2="${MARGIN.left + plotW}" y1="${y}" y2="${y}" stroke="#e5e7eb"/>`);
    parts.push(`<text x="${MARGIN.left - 6}" y="${y}" dy="4" text-anchor="end" fill="#4b5563">${escapeHtml(formatY(t))}</text>`);
  }
  xs.forEach((x, i) => {
    if (i % xTickStep !== 0 && i !== xs.length - 1) return;
    const px = fmt(sx(x));
    parts.push(`<line x1="${px}" x2="${px}" y1="${MARGIN.top + plotH}" y2="${MARGIN.top + plotH + 4}" stroke="#6b7280"/>`);
    parts.push(`<text x="${px}" y="${MARGIN.top + plotH + 17}" text-anchor="middle" fill="#4b5563">${x}</text>`);
  });
  parts.push(
    `<line x1="${MARGIN.left}" x2="${MARGIN.left + plotW}" y1="${MARGIN.top + plotH}" y2="${MARGIN.top + plotH}" stroke="#6b7280"/>`,
    `<line x1="${MARGIN.left}" x2="${MARGIN.left}" y1="${MARGIN.top}" y2="${MARGIN.top + plotH}" stroke="#6b7280"/>`,
    `<text x="${MARGIN.left + plotW / 2}" y="${MARGIN.top + plotH + 34}" text-anchor="middle" fill="#374151">${escapeHtml(options.xLabel)}</text>`,
    `<text transform="translate(16 ${MARGIN.top + plotH / 2}) rotate(-90)" text-anchor="middle" fill="#374151">${escapeHtml(options.yLabel)}</text>`,
  );
  for (const s of options.series) {
    const points = s.values.map((v, i) => [options.x[i] ?? i, v] as const).filter(([, v]) => Number.isFinite(v));
    if (points.length === 0) continue;
    const dash = s.dashed ? ' stroke-dasharray="6 4"' : '';
    if (points.length > 1) {
      const d = points.map(([x, y], i) => `${i === 0 ? 'M' : 'L'}${fmt(sx(x))} ${fmt(sy(y))}`).join(' ');
      parts.push(`<path d="${d}" fill="none" stroke="${s.color}" stroke-width="2"${dash}/>`);
    }
    for (const [x, y] of points) {
      parts.push(`<circle cx="${fmt(sx(x))}" cy="${fmt(sy(y))}" r="3" fill="${s.color}"><title>${escapeHtml(`${s.name}, ${options.xLabel.toLowerCase()} ${x}: ${formatY(y)}`)}</title></circle>`);
    }
  }
  const legendY = height - 12;
  let legendX = MARGIN.left;
  for (const s of options.series) {
    const dash = s.dashed ? ' stroke-dasharray="6 4"' : '';
    // A series of one point is drawn as a point, so its legend entry is a marker, not a line.
    const single = s.values.filter((v) => Number.isFinite(v)).length === 1;
    parts.push(
      single
        ? `<circle class="legend-marker" cx="${legendX + 11}" cy="${legendY - 4}" r="4" fill="${s.color}"/>`
        : `<line class="legend-line" x1="${legendX}" x2="${legendX + 22}" y1="${legendY - 4}" y2="${legendY - 4}" stroke="${s.color}" stroke-width="2"${dash}/>`,
    );
    parts.push(`<text x="${legendX + 28}" y="${legendY}" fill="#374151">${escapeHtml(s.name)}</text>`);
    legendX += 40 + s.name.length * 7;
  }
  parts.push('</svg>');
  return parts.join('\n');
}
