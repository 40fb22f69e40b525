import { escapeHtml } from './escape-html.js';
import { formatCount, formatPercent } from './format-table.js';

/** One test image shown in a grid of the report. */
export interface ReportDigit {
  /** Index in the test split. */
  index: number;
  label: number;
  predicted: number;
  confidence: number;
  /** `data:` URI of the image (or any image URL). */
  src: string;
}

/** Everything the report shows; `renderReportHtml` only lays it out. */
export interface ReportData {
  title: string;
  /** Model directory as the user named it. */
  modelDir: string;
  generatedAt: string;
  architecture: string;
  parameters: number;
  dataset: string;
  classNames: string[];
  evaluation: {
    loss: number;
    accuracy: number;
    count: number;
    perClass: { label: number; className: string; precision: number; recall: number; f1: number; support: number }[];
    confusionMatrix: number[][];
    misclassified: number[];
  };
  /** SVG markup (inline). `learningCurves` is undefined when metadata.json has no history. */
  charts: { loss?: string; accuracy?: string; confusionMatrix: string; perClass: string };
  /** File names of the charts written beside the HTML, linked under each chart. */
  chartFiles: Partial<Record<'loss' | 'accuracy' | 'confusionMatrix' | 'perClass', string>>;
  /** File names (beside the HTML) of the digit grids written as SVG pictures, for links. */
  gridFiles?: Partial<Record<'samples' | 'misclassified', string>>;
  /** The last epoch of the history, for the caption of the learning curves. */
  history?: { epochs: number; loss?: number; acc?: number; valLoss?: number; valAcc?: number };
  samples: ReportDigit[];
  misclassified: ReportDigit[];
  /** Keras-style layer table. */
  summary: string;
  /** Model card rows: label and value (already formatted). */
  card: { label: string; value: string }[];
  /** Hyperparameters from metadata.json. */
  hyperparameters: { name: string; value: string }[];
}

/** The report's sections, in order: id and heading. Tests and the browser check rely on these ids. */
export const REPORT_SECTIONS = [
  { id: 'learning-curves', title: 'Learning curves' },
  { id: 'confusion-matrix', title: 'Confusion matrix' },
  { id: 'per-class', title: 'Precision and recall per class' },
  { id: 'samples', title: 'Sample test predictions' },
  { id: 'misclassified', title: 'Misclassified test digits' },
  { id: 'model-summary', title: 'Model summary' },
  { id: 'model-card', title: 'Model card' },
] as const;

export const REPORT_CSS = `
:root { color-scheme: light; --ink: #111827; --muted: #6b7280; --line: #e5e7eb; --ok: #15803d; --bad: #b91c1c; --accent: #1d4ed8; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: #f3f4f6; }
header { background: #111827; color: #f9fafb; padding: 24px 32px; }
header h1 { margin: 0 0 4px; font-size: 24px; }
header p { margin: 0; color: #d1d5db; }
.kpis { display: flex; flex-wrap: wrap; gap: 12px; margin-top: 16px; }
.kpi { background: #1f2937; border-radius: 8px; padding: 8px 14px; min-width: 130px; }
.kpi b { display: block; font-size: 22px; color: #ffffff; }
.kpi span { font-size: 12px; color: #9ca3af; text-transform: uppercase; letter-spacing: .04em; }
nav { padding: 8px 32px; background: #ffffff; border-bottom: 1px solid var(--line); font-size: 14px; }
nav a { color: var(--accent); margin-right: 14px; text-decoration: none; }
main { max-width: 1160px; margin: 0 auto; padding: 16px 24px 48px; }
section { background: #ffffff; border: 1px solid var(--line); border-radius: 10px; padding: 16px 20px; margin: 16px 0; }
section h2 { margin: 0 0 10px; font-size: 19px; }
.note { color: var(--muted); font-size: 13px; margin: 6px 0 0; }
.charts { display: flex; flex-wrap: wrap; gap: 16px; align-items: flex-start; }
.charts figure { margin: 0; }
.charts figcaption { font-size: 12px; color: var(--muted); }
.charts svg { max-width: 100%; height: auto; display: block; }
table { border-collapse: collapse; font-size: 14px; }
th, td { padding: 4px 10px; border-bottom: 1px solid var(--line); text-align: right; }
th:first-child, td:first-child { text-align: left; }
thead th { background: #f9fafb; }
.grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(104px, 1fr)); gap: 10px; }
.digit { margin: 0; text-align: center; border: 1px solid var(--line); border-radius: 8px; padding: 6px 4px; background: #ffffff; }
.digit img { width: 56px; height: 56px; image-rendering: pixelated; display: block; margin: 0 auto 4px; border-radius: 4px; }
.digit figcaption { font-size: 12px; line-height: 1.3; }
.digit.ok { border-color: #bbf7d0; }
.digit.wrong { border-color: #fecaca; background: #fef2f2; }
.digit .pred { font-weight: 600; }
.digit.ok .pred { color: var(--ok); }
.digit.wrong .pred { color: var(--bad); }
.digit .conf { color: var(--muted); white-space: nowrap; }
pre { background: #f9fafb; border: 1px solid var(--line); border-radius: 6px; padding: 12px; overflow-x: auto; font-size: 13px; line-height: 1.35; }
dl.card { display: grid; grid-template-columns: max-content 1fr; gap: 6px 16px; margin: 0; align-content: start; }
dl.card dt { color: var(--muted); }
dl.card dd { margin: 0; word-break: break-word; }
.two { display: flex; flex-wrap: wrap; gap: 24px; align-items: flex-start; }
.two h3 { margin: 0 0 8px; font-size: 16px; }
.two h3 + p, .two table + h3 { margin-top: 16px; }
table.kv td { text-align: left; }
.two > * { flex: 1 1 340px; }
footer { text-align: center; color: var(--muted); font-size: 12px; padding: 16px; }
.table-scroll { overflow-x: auto; max-width: 100%; }
/* Phones: less padding, charts keep their text size (at least 11 px) and scroll sideways inside their card
   rather than shrinking, digit grids in more, narrower columns. */
@media (max-width: 640px) {
  header { padding: 16px; }
  nav { padding: 8px 16px; overflow-x: auto; white-space: nowrap; }
  main { padding: 8px 8px 32px; }
  section { padding: 12px; margin: 10px 0; }
  .charts { display: block; }
  .charts figure { overflow-x: auto; max-width: 100%; margin-bottom: 12px; }
  .charts svg { max-width: none; }
  .grid { grid-template-columns: repeat(auto-fill, minmax(72px, 1fr)); gap: 6px; }
  .digit img { width: 44px; height: 44px; }
  .digit figcaption { font-size: 11px; }
  .two { gap: 12px; }
  .two > * { flex-basis: 100%; min-width: 0; }
  dl.card { grid-template-columns: 1fr; gap: 0; }
  dl.card dd { margin-bottom: 6px; }
}
`;

function digitFigure(d: ReportDigit, classNames: readonly string[], showTruth: boolean): string {
  const ok = d.predicted === d.label;
  const name = (k: number) => escapeHtml(classNames[k] ?? String(k));
  const caption = showTruth
    ? `true <b>${name(d.label)}</b> &rarr; <span class="pred">${name(d.predicted)}</span><br><span class="conf">${formatPercent(d.confidence, 1)} sure</span><br><span class="conf">#${d.index}</span>`
    : `<span class="pred">${name(d.predicted)}</span> <span class="conf">${formatPercent(d.confidence, 1)}</span><br><span class="conf">label ${name(d.label)} &middot; #${d.index}</span>`;
  return `<figure class="digit ${ok ? 'ok' : 'wrong'}" data-index="${d.index}"><img src="${d.src}" alt="test image ${d.index}: label ${name(d.label)}, predicted ${name(d.predicted)}" width="56" height="56"><figcaption>${caption}</figcaption></figure>`;
}

function savedAs(file: string | undefined): string {
  return file === undefined ? '' : `<p class="note">Also saved as <a href="${encodeURI(file)}">${escapeHtml(file)}</a></p>`;
}

function chartFigure(svg: string, file: string | undefined): string {
  const link = file === undefined ? '' : `<figcaption>Also saved as <a href="${encodeURI(file)}">${escapeHtml(file)}</a></figcaption>`;
  return `<figure>${svg}${link}</figure>`;
}

/** Lays out the self-contained HTML report (inline CSS and SVG, images as data URIs; nothing external). */
export function renderReportHtml(data: ReportData): string {
  const e = data.evaluation;
  const title = (id: (typeof REPORT_SECTIONS)[number]['id']) => REPORT_SECTIONS.find((s) => s.id === id)!.title;
  const correct = Math.round(e.accuracy * e.count);
  const h = data.history;
  const kpis = [
    ['test accuracy', formatPercent(e.accuracy)],
    ['test loss', e.loss.toFixed(4)],
    ['errors', `${formatCount(e.count - correct)} / ${formatCount(e.count)}`],
    ['parameters', formatCount(data.parameters)],
    ['architecture', data.architecture],
    ...(h === undefined ? [] : [['epochs', String(h.epochs)]]),
  ];
  const curves =
    data.charts.loss !== undefined && data.charts.accuracy !== undefined
      ? `<div class="charts">${chartFigure(data.charts.loss, data.chartFiles.loss)}${chartFigure(data.charts.accuracy, data.chartFiles.accuracy)}</div>
<p class="note">Final epoch (${h?.epochs ?? '?'}): loss ${h?.loss?.toFixed(4) ?? 'n/a'}, accuracy ${h?.acc === undefined ? 'n/a' : formatPercent(h.acc)}${
          h?.valLoss === undefined ? ' (no validation split)' : `, validation loss ${h.valLoss.toFixed(4)}, validation accuracy ${h.valAcc === undefined ? 'n/a' : formatPercent(h.valAcc)}`
        }; test (the green point): loss ${e.loss.toFixed(4)}, accuracy ${formatPercent(e.accuracy)}. Train figures are averages over each epoch, taken while the weights were still changing.</p>`
      : '<p class="note">No training history: this model directory has no metadata.json (models written by mnist train have one).</p>';
  const perClassRows = e.perClass
    .map(
      (c) =>
        `<tr><td>${escapeHtml(c.className)}</td><td>${formatPercent(c.precision)}</td><td>${formatPercent(c.recall)}</td><td>${formatPercent(c.f1)}</td><td>${formatCount(c.support)}</td></tr>`,
    )
    .join('\n');
  const misclassifiedNote =
    e.misclassified.length === 0
      ? '<p class="note">No test digit was misclassified.</p>'
      : `<p class="note">${formatCount(e.misclassified.length)} of ${formatCount(e.count)} test digits are misclassified; the ${data.misclassified.length} the model was most confident about are shown, with the true label and the prediction.</p>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(data.title)}</title>
<style>${REPORT_CSS}</style>
</head>
<body>
<header>
<h1>${escapeHtml(data.title)}</h1>
<p>${escapeHtml(data.modelDir)} &middot; evaluated on ${formatCount(e.count)} ${escapeHtml(data.dataset)} test images &middot; ${escapeHtml(data.generatedAt)}</p>
<div class="kpis">${kpis.map(([label, value]) => `<div class="kpi"><b>${escapeHtml(value!)}</b><span>${escapeHtml(label!)}</span></div>`).join('')}</div>
</header>
<nav>${REPORT_SECTIONS.map((s) => `<a href="#${s.id}">${s.title}</a>`).join('')}</nav>
<main>
<section id="learning-curves"><h2>${title('learning-curves')}</h2>
${curves}
</section>
<section id="confusion-matrix"><h2>${title('confusion-matrix')}</h2>
<div class="charts">${chartFigure(data.charts.confusionMatrix, data.chartFiles.confusionMatrix)}</div>
<p class="note">Rows are the true classes, columns the predictions; the diagonal holds the ${formatCount(correct)} correct answers. The diagonal is shaded by its share of the row, errors by their count on a log scale (see the legend).</p>
</section>
<section id="per-class"><h2>${title('per-class')}</h2>
<div class="two">
<div class="table-scroll"><table class="per-class"><thead><tr><th>class</th><th>precision</th><th>recall</th><th>F1</th><th>support</th></tr></thead>
<tbody>
${perClassRows}
</tbody></table></div>
<div class="charts">${chartFigure(data.charts.perClass, data.chartFiles.perClass)}</div>
</div>
</section>
<section id="samples"><h2>${title('samples')}</h2>
<p class="note">The first ${data.samples.length} test images with the model's prediction and confidence; red ones are wrong.</p>
<div class="grid">${data.samples.map((d) => digitFigure(d, data.classNames, false)).join('\n')}</div>
${savedAs(data.gridFiles?.samples)}
</section>
<section id="misclassified"><h2>${title('misclassified')}</h2>
${misclassifiedNote}
<div class="grid">${data.misclassified.map((d) => digitFigure(d, data.classNames, true)).join('\n')}</div>
${savedAs(data.gridFiles?.misclassified)}
</section>
<section id="model-summary"><h2>${title('model-summary')}</h2>
<pre>${escapeHtml(data.summary)}</pre>
</section>
<section id="model-card"><h2>${title('model-card')}</h2>
<div class="two">
<dl class="card">${data.card.map((r) => `<dt>${escapeHtml(r.label)}</dt><dd>${escapeHtml(r.value)}</dd>`).join('\n')}</dl>
<div>
<h3>Hyperparameters</h3>
${
  data.hyperparameters.length === 0
    ? '<p class="note">Not recorded.</p>'
    : `<table class="kv"><tbody>${data.hyperparameters.map((p) => `<tr><td>${escapeHtml(p.name)}</td><td>${escapeHtml(p.value)}</td></tr>`).join('\n')}</tbody></table>`
}
<h3>Intended use and limitations</h3>
<p>Recognising single handwritten digits 0&ndash;9. The model saw ${escapeHtml(data.dataset)} digits only: 28&times;28 grey images, light ink on black, scaled into a 20&times;20 box and centred by centre of mass. Other inputs (photos, scans, canvas drawings) must be normalised the same way first (@mnist/infer does this). Accuracy on real handwriting is lower than on the test set above, and it will answer a digit even for images that contain none.</p>
</div>
</div>
</section>
</main>
<footer>Generated by mnist report &middot; everything on this page is inline (no network access).</footer>
</body>
</html>
`;
}
