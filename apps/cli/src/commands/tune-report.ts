import { join, resolve } from 'node:path';
import type { StudyReport, TrialSummary } from '@mnist/tune';
import { stat } from 'node:fs/promises';
import { CliError } from '../cli-error.js';
import type { CommandContext } from '../command.js';
import { escapeHtml } from '../escape-html.js';
import { EXIT_OK } from '../exit-codes.js';
import { formatPercent } from '../format-table.js';
import { lineChartSvg } from '../line-chart-svg.js';
import { parseCommandFlags } from '../parse-command-flags.js';
import { REPORT_CSS } from '../render-report-html.js';
import { UsageError } from '../usage-error.js';

const FLAGS = { out: { type: 'string', short: 'o' }, overwrite: { type: 'boolean' }, help: { type: 'boolean', short: 'h' }, verbose: { type: 'boolean' } } as const;

export const TUNE_REPORT_HELP = `Usage: mnist tune report <study dir> [--out <file.html>]

Writes a self-contained HTML report of a study: the optimisation history (each trial's objective
and the best so far), each parameter against the objective, the parameters' importance, and the
validation curves of the best trials. Default output: <study dir>/report.html.
An existing file is replaced only with --overwrite.
`;

const PALETTE = ['#2563eb', '#f59e0b', '#16a34a', '#dc2626', '#7c3aed'];
const W = 480;
const H = 300;
const M = { top: 36, right: 16, bottom: 56, left: 60 };
const FONT = 'font-family="system-ui, -apple-system, Segoe UI, Roboto, sans-serif"';

/** A scatter plot of (x, y) points; categorical x values are spread over evenly spaced columns. */
function scatterSvg(title: string, xLabel: string, points: { x: number | string; y: number; color: string }[], log: boolean): string {
  const categorical = points.some((p) => typeof p.x === 'string');
  const categories = categorical ? [...new Set(points.map((p) => String(p.x)))] : [];
  const xs = points.map((p) => (categorical ? categories.indexOf(String(p.x)) : log ? Math.log10(p.x as number) : (p.x as number)));
  const ys = points.map((p) => p.y);
  const [x0, x1] = categorical ? [-0.5, categories.length - 0.5] : [Math.min(...xs), Math.max(...xs)];
  const [y0, y1] = [Math.min(...ys), Math.max(...ys)];
  const sx = (x: number) => M.left + ((x - x0) / (x1 - x0 || 1)) * (W - M.left - M.right);
  const sy = (y: number) => H - M.bottom - ((y - y0) / (y1 - y0 || 1)) * (H - M.top - M.bottom);
  const ticksX = categorical
    ? categories.map((c, i) => `<text x="${sx(i).toFixed(1)}" y="${H - M.bottom + 16}" text-anchor="middle" font-size="11">${escapeHtml(c)}</text>`)
    : [x0, (x0 + x1) / 2, x1].map((x) => `<text x="${sx(x).toFixed(1)}" y="${H - M.bottom + 16}" text-anchor="middle" font-size="11">${(log ? 10 ** x : x).toPrecision(3)}</text>`);
  const ticksY = [y0, (y0 + y1) / 2, y1].map((y) => `<text x="${M.left - 6}" y="${(sy(y) + 4).toFixed(1)}" text-anchor="end" font-size="11">${formatPercent(y)}</text>`);
  const dots = points.map((p, i) => `<circle cx="${sx(xs[i] as number).toFixed(1)}" cy="${sy(p.y).toFixed(1)}" r="4" fill="${p.color}" fill-opacity="0.75"/>`);
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" ${FONT}>
<text x="${W / 2}" y="20" text-anchor="middle" font-size="14" font-weight="600">${escapeHtml(title)}</text>
<line x1="${M.left}" y1="${H - M.bottom}" x2="${W - M.right}" y2="${H - M.bottom}" stroke="#888"/><line x1="${M.left}" y1="${M.top}" x2="${M.left}" y2="${H - M.bottom}" stroke="#888"/>
${ticksX.join('')}${ticksY.join('')}
<text x="${(M.left + W - M.right) / 2}" y="${H - 12}" text-anchor="middle" font-size="12">${escapeHtml(xLabel)}${log ? ' (log scale)' : ''}</text>
${dots.join('\n')}
</svg>`;
}

function barChartSvg(title: string, bars: { name: string; value: number }[]): string {
  const rowH = 24;
  const height = M.top + bars.length * rowH + 16;
  const left = 130;
  const max = Math.max(1e-9, ...bars.map((b) => b.value));
  const rows = bars.map((b, i) => {
    const y = M.top + i * rowH;
    const w = (b.value / max) * (W - left - 60);
    return `<text x="${left - 6}" y="${y + 15}" text-anchor="end" font-size="12">${escapeHtml(b.name)}</text><rect x="${left}" y="${y + 4}" width="${w.toFixed(1)}" height="${rowH - 8}" fill="#2563eb"/><text x="${(left + w + 4).toFixed(1)}" y="${y + 15}" font-size="11">${b.value.toFixed(2)}</text>`;
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${height}" width="${W}" height="${height}" ${FONT}>
<text x="${W / 2}" y="20" text-anchor="middle" font-size="14" font-weight="600">${escapeHtml(title)}</text>
${rows.join('\n')}
</svg>`;
}

function rank(values: number[]): number[] {
  const order = values.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0]);
  const ranks = new Array<number>(values.length);
  order.forEach(([, i], r) => {
    ranks[i] = r;
  });
  return ranks;
}

/**
 * Importance of each parameter for the objective over the finished trials: |Spearman's rank
 * correlation| for numbers, the correlation ratio η (between-group spread) for named values.
 */
export function parameterImportance(trials: readonly TrialSummary[], names: readonly string[]): { name: string; value: number }[] {
  const scored = trials.filter((t) => t.value !== undefined && Number.isFinite(t.value));
  return names
    .map((name) => {
      const pairs = scored.filter((t) => Object.hasOwn(t.params, name)).map((t) => ({ x: t.params[name], y: t.value as number }));
      if (pairs.length < 3) return { name, value: 0 };
      const ys = pairs.map((p) => p.y);
      const mean = ys.reduce((a, b) => a + b, 0) / ys.length;
      const total = ys.reduce((a, y) => a + (y - mean) ** 2, 0) || 1e-12;
      if (pairs.every((p) => typeof p.x === 'number')) {
        const rx = rank(pairs.map((p) => p.x as number));
        const ry = rank(ys);
        const n = rx.length;
        const mx = (n - 1) / 2;
        let cov = 0;
        let vx = 0;
        let vy = 0;
        for (let i = 0; i < n; i++) {
          cov += ((rx[i] as number) - mx) * ((ry[i] as number) - mx);
          vx += ((rx[i] as number) - mx) ** 2;
          vy += ((ry[i] as number) - mx) ** 2;
        }
        return { name, value: Math.abs(cov / Math.sqrt(vx * vy || 1)) };
      }
      const groups = new Map<string, number[]>();
      for (const p of pairs) groups.set(JSON.stringify(p.x), [...(groups.get(JSON.stringify(p.x)) ?? []), p.y]);
      let between = 0;
      for (const g of groups.values()) between += g.length * (g.reduce((a, b) => a + b, 0) / g.length - mean) ** 2;
      return { name, value: Math.sqrt(between / total) };
    })
    .sort((a, b) => b.value - a.value);
}

/** The report's HTML. */
export function renderTuneReport(study: StudyReport, generatedAt: string): string {
  const finished = study.trials.filter((t) => t.value !== undefined && Number.isFinite(t.value));
  const stateColor = (t: TrialSummary) => (t.state === 'complete' ? PALETTE[0] : t.state === 'pruned' ? PALETTE[1] : PALETTE[3]) as string;
  let best = Number.NEGATIVE_INFINITY;
  const sign = study.settings.objective === 'loss' ? -1 : 1;
  const bestSoFar = study.trials.map((t) => {
    if (t.state === 'complete' && t.value !== undefined) best = Math.max(best, sign * t.value);
    return Number.isFinite(best) ? sign * best : Number.NaN;
  });
  const history = lineChartSvg({
    title: 'Optimisation history',
    x: study.trials.map((t) => t.trial),
    xLabel: 'Trial',
    yLabel: `Validation ${study.settings.objective}`,
    series: [
      { name: 'complete', values: study.trials.map((t) => (t.state === 'complete' ? (t.value ?? Number.NaN) : Number.NaN)), color: PALETTE[0] as string },
      { name: 'pruned (at its last rung)', values: study.trials.map((t) => (t.state === 'pruned' ? (t.value ?? Number.NaN) : Number.NaN)), color: PALETTE[1] as string },
      { name: 'best so far', values: bestSoFar, color: PALETTE[2] as string, dashed: true },
    ],
  });
  const names = JSON.parse(study.settings.space) as Record<string, { type: string }>;
  const paramCharts = Object.entries(names).map(([name, spec]) =>
    scatterSvg(
      `${name} against the objective`,
      name,
      finished.filter((t) => Object.hasOwn(t.params, name)).map((t) => ({ x: typeof t.params[name] === 'number' ? (t.params[name] as number) : JSON.stringify(t.params[name]).replaceAll('"', ''), y: t.value as number, color: stateColor(t) })),
      spec.type === 'log-float',
    ),
  );
  const importance = barChartSvg('Parameter importance (|rank correlation| or η)', parameterImportance(study.trials, Object.keys(names)));
  const top = study.trials.filter((t) => t.state === 'complete' && t.value !== undefined).sort((a, b) => sign * ((b.value as number) - (a.value as number))).slice(0, 5);
  const maxEpoch = Math.max(1, ...top.map((t) => t.curve.length));
  const curves = lineChartSvg({
    title: `Validation accuracy of the best ${top.length} trial(s)`,
    x: Array.from({ length: maxEpoch }, (_, i) => i + 1),
    xLabel: 'Epoch',
    yLabel: 'Validation accuracy',
    series: top.map((t, i) => ({ name: `trial ${t.trial}`, values: Array.from({ length: maxEpoch }, (_, e) => t.curve.find((c) => c.epoch === e + 1)?.valAcc ?? Number.NaN), color: PALETTE[i % PALETTE.length] as string })),
  });
  const counts = (state: string) => study.trials.filter((t) => t.state === state).length;
  const kpis = [
    ['trials', String(study.trials.length)],
    ['complete', String(counts('complete'))],
    ['pruned', String(counts('pruned'))],
    ['best validation accuracy', study.best?.curve.at(-1) ? formatPercent(study.best.curve.at(-1)!.valAcc) : 'n/a'],
    ['test accuracy of the best', study.final ? formatPercent(study.final.testAccuracy) : 'n/a'],
  ];
  const rows = study.trials
    .map(
      (t) =>
        `<tr><td>${t.trial}</td><td>${t.state}</td><td>${t.epochs}</td><td>${t.value === undefined ? '' : study.settings.objective === 'accuracy' ? formatPercent(t.value) : t.value.toFixed(4)}</td><td>${escapeHtml(
          Object.entries(t.params)
            .map(([k, v]) => `${k}=${typeof v === 'number' && !Number.isInteger(v) ? v.toPrecision(3) : JSON.stringify(v)}`)
            .join(' '),
        )}</td></tr>`,
    )
    .join('\n');
  const s = study.settings;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Study ${escapeHtml(study.id)}</title>
<style>${REPORT_CSS}</style>
</head>
<body>
<header>
<h1>Hyperparameter study ${escapeHtml(study.id)}</h1>
<p>${escapeHtml(s.model)} &middot; sampler ${escapeHtml(s.sampler)} &middot; pruner ${escapeHtml(s.pruner)} &middot; ${s.epochs} epoch(s) per trial &middot; validation ${escapeHtml(s.objective)} on ${formatPercent(s.validationSplit, 0)} of ${s.limit ?? 'all'} training images &middot; seed ${s.seed} &middot; ${escapeHtml(generatedAt)}</p>
<div class="kpis">${kpis.map(([label, value]) => `<div class="kpi"><b>${escapeHtml(value!)}</b><span>${escapeHtml(label!)}</span></div>`).join('')}</div>
</header>
<main>
<section id="history"><h2>Optimisation history</h2><div class="charts"><figure>${history}</figure><figure>${importance}</figure></div></section>
<section id="parameters"><h2>Each parameter against the objective</h2><p class="note">Blue: complete trials; orange: pruned trials, at their last rung.</p><div class="charts">${paramCharts.map((c) => `<figure>${c}</figure>`).join('')}</div></section>
<section id="curves"><h2>Learning curves of the best trials</h2><div class="charts"><figure>${curves}</figure></div>
${study.final ? `<p class="note">The best trial (${study.final.trial}) trained again: validation accuracy ${formatPercent(study.final.validationAccuracy)}, test accuracy ${formatPercent(study.final.testAccuracy)} (the test set is used for this one model only). Reproduce it with <code>mnist train --config ${escapeHtml(study.final.config)}</code>.</p>` : ''}</section>
<section id="trials"><h2>Trials</h2><table><thead><tr><th>trial</th><th>state</th><th>epochs</th><th>objective</th><th>parameters</th></tr></thead><tbody>
${rows}
</tbody></table></section>
</main>
</body>
</html>
`;
}

export async function runTuneReport(args: string[], context: CommandContext): Promise<number> {
  const { values, positionals } = parseCommandFlags('tune report', args, FLAGS);
  if (values.help) {
    context.stdout.write(TUNE_REPORT_HELP);
    return EXIT_OK;
  }
  if (positionals.length !== 1) throw new UsageError(`mnist tune report expects one study directory, got ${positionals.length === 0 ? 'none' : positionals.length}.`, '<study dir>');
  const dir = resolve(context.cwd, positionals[0] as string);
  const { readStudy, StudyDirError } = await import('@mnist/tune');
  const study = await readStudy(dir).catch((error: unknown) => {
    if (StudyDirError.isInstance(error)) throw new UsageError(error.message);
    throw error;
  });
  const out = values.out === undefined ? join(dir, 'report.html') : resolve(context.cwd, values.out);
  const { assertWritableDir, OutputDirError, writeFileAtomic } = await import('@mnist/train');
  if (values.overwrite !== true && (await stat(out).then(() => true, () => false))) {
    throw new CliError(`${out} exists. Pass --overwrite to replace it, or --out another file. Nothing was written.`);
  }
  try {
    await assertWritableDir(resolve(out, '..'));
  } catch (error) {
    if (OutputDirError.isInstance(error)) throw new CliError(`Cannot write the report to ${out}: ${error.problem}. Pass --out a file in a directory you can write to.`, { cause: error });
    throw error;
  }
  await writeFileAtomic(out, renderTuneReport(study, new Date().toISOString()));
  context.stdout.write(`Report written to ${out}\n`);
  return EXIT_OK;
}
