import { mkdir, readdir, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { ModelMetadata } from '@mnist/train';
import type { Command, CommandContext } from '../command.js';
import { outputWriteError } from '../check-writable-dir.js';
import { CliError } from '../cli-error.js';
import { describeOutputDirError } from '../describe-output-dir-error.js';
import { expandHome } from '../expand-home.js';
import { confusionMatrixSvg } from '../confusion-matrix-svg.js';
import { digitGridSvg } from '../digit-grid-svg.js';
import { digitPngDataUri } from '../digit-png.js';
import { displayPath } from '../display-path.js';
import { EXIT_OK } from '../exit-codes.js';
import { formatCount, formatPercent } from '../format-table.js';
import { lineChartSvg } from '../line-chart-svg.js';
import { DATASET_CHOICES, loadDataset } from '../load-dataset.js';
import { describeArchitecture, loadModelDir } from '../load-model-dir.js';
import { parseChoiceFlag, parseCommandFlags, parseIntegerFlag } from '../parse-command-flags.js';
import { perClassBarChartSvg } from '../per-class-bar-chart-svg.js';
import { predictSplit } from '../predict-split.js';
import { progressLine } from '../progress-line.js';
import { quietTfjs } from '../quiet-tfjs.js';
import { type ReportData, type ReportDigit, renderReportHtml } from '../render-report-html.js';
import { checkModelDir } from '../resolve-model-dir.js';
import { UsageError } from '../usage-error.js';
import { BACKEND_CHOICES } from './evaluate.js';

/** Default file name of the report, inside the model directory. */
export const REPORT_FILE = 'report.html';
/** Sample test predictions shown unless `--samples` says otherwise. */
export const DEFAULT_SAMPLE_COUNT = 30;
/** Misclassified digits shown (the most confident mistakes first) unless `--errors` says otherwise. */
export const DEFAULT_ERROR_COUNT = 40;
/** Each 28x28 digit is drawn at this many screen pixels per image pixel in the PNG. */
const DIGIT_PNG_SCALE = 2;

const COLORS = { train: '#2563eb', validation: '#f59e0b', test: '#16a34a' };

export const REPORT_HELP = `Usage: mnist report <model-dir> [--out report.html] [flags]

Writes a self-contained HTML report of a model directory (inline CSS, SVG and images: open it
offline, attach it, publish it): learning curves (loss and accuracy per epoch, train and
validation, from metadata.json), a confusion-matrix heatmap, precision and recall per class,
sample test predictions, the misclassified test digits with true and predicted labels and
confidence, the model summary and the model card. The charts and the two digit grids are also
written as SVG files beside the HTML (<name>-loss.svg, -accuracy.svg, -confusion-matrix.svg,
-per-class.svg, -samples.svg, -misclassified.svg).

By default all of it is written INTO the model directory (<model-dir>/${REPORT_FILE} and
<model-dir>/report-*.svg); pass --out to write it elsewhere (needed when the model directory is
read-only).

Flags:
  -o, --out <file>    where to write the HTML (default <model-dir>/${REPORT_FILE}; a directory gets ${REPORT_FILE} inside:
                      a new or empty one, or one holding only an earlier report)
  --overwrite, --force  replace an earlier report (the HTML and its SVG files) at that place
  --dataset <name>    mnist | fashion-mnist (default: the one the model was trained on)
  --data-dir <dir>    read the four IDX files (raw or .gz) from <dir> instead of the bundled dataset
  --limit <n>         evaluate on the first n test images only (default: all)
  --samples <n>       sample predictions to show (default ${DEFAULT_SAMPLE_COUNT})
  --errors <n>        misclassified digits to show (default ${DEFAULT_ERROR_COUNT})
  --backend <name>    auto (default) | tensorflow | wasm | cpu
  --json              print { report, charts, grids, accuracy, loss, count, misclassified } instead of text
  --verbose           print stack traces of errors
  -h, --help          this help

Examples:
  mnist report models/cnn-small-20260101-120000
  mnist report models/best --out site/best.html
  mnist report models/best --limit 2000 --samples 48
`;

const FLAGS = {
  out: { type: 'string', short: 'o' },
  overwrite: { type: 'boolean' },
  force: { type: 'boolean' },
  dataset: { type: 'string' },
  'data-dir': { type: 'string' },
  limit: { type: 'string' },
  samples: { type: 'string' },
  errors: { type: 'string' },
  backend: { type: 'string' },
  json: { type: 'boolean' },
  verbose: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

const finite = (values: readonly (number | null)[] | undefined) => (values ?? []).map((v) => (typeof v === 'number' ? v : Number.NaN));

/** The pictures written beside `<stem>.html`. */
const PICTURES = ['loss', 'accuracy', 'confusion-matrix', 'per-class', 'samples', 'misclassified'] as const;

/** Where the report goes: `file` is the HTML; `dir` is set when --out named a directory of its own. */
async function resolveOut(out: string | undefined, modelDir: string, cwd: string, env: NodeJS.ProcessEnv): Promise<{ file: string; dir?: string }> {
  if (out === undefined) return { file: join(modelDir, REPORT_FILE) };
  if (out.trim() === '') throw new UsageError('--out expects a .html file or a directory, got an empty string. Example: --out report.html.', '--out');
  const full = resolve(cwd, expandHome(out, env));
  const info = await stat(full).catch(() => undefined);
  // An existing directory, or a new one spelled with a trailing slash (--out site/), gets report.html inside.
  if (info?.isDirectory() || /[\\/]$/.test(out)) return { file: join(full, REPORT_FILE), dir: full };
  if (!/\.html?$/i.test(full)) throw new UsageError(`--out expects a .html file or a directory, got ${JSON.stringify(out)}. Name a file like report.html, or a directory (end a new one with /).`, '--out');
  return { file: full };
}

function modelCard(metadata: ModelMetadata | undefined, parameters: number): { card: ReportData['card']; hyperparameters: ReportData['hyperparameters'] } {
  if (metadata === undefined) {
    return { card: [{ label: 'metadata.json', value: 'missing: only the layers are known' }, { label: 'parameters', value: formatCount(parameters) }], hyperparameters: [] };
  }
  const d = metadata.dataset;
  const card = [
    { label: 'architecture', value: metadata.architecture },
    { label: 'parameters', value: formatCount(metadata.parameters) },
    { label: 'dataset', value: `${d.name} (${formatCount(d.trainCount)} training, ${formatCount(d.testCount)} test images)` },
    { label: 'classes', value: d.classNames.join(', ') },
    { label: 'data source', value: d.source },
    { label: 'seed', value: String(metadata.seed) },
    { label: 'backend', value: `${metadata.backend.name}${metadata.backend.reason ? ` (${metadata.backend.reason})` : ''}` },
    { label: 'training time', value: `${metadata.trainSeconds.toFixed(1)} s` },
    { label: 'created', value: metadata.createdAt },
    ...(metadata.test === undefined
      ? []
      : [{ label: 'test accuracy at training', value: `${formatPercent(metadata.test.accuracy)} on ${formatCount(metadata.test.count)} images (loss ${metadata.test.loss.toFixed(4)})` }]),
    { label: 'versions', value: Object.entries(metadata.versions).map(([k, v]) => `${k} ${v}`).join(', ') },
  ];
  const hyperparameters = Object.entries(metadata.hyperparameters)
    .filter(([, v]) => v !== undefined)
    .map(([name, value]) => ({ name, value: typeof value === 'string' ? value : JSON.stringify(value) }));
  return { card, hyperparameters };
}

async function runReport(args: string[], context: CommandContext): Promise<number> {
  const { values, positionals } = parseCommandFlags('report', args, FLAGS);
  if (values.help) {
    context.stdout.write(REPORT_HELP);
    return EXIT_OK;
  }
  if (positionals.length !== 1) {
    throw new UsageError(
      `mnist report expects one model directory, got ${positionals.length === 0 ? 'none' : positionals.length}. Example: mnist report models/cnn-small-20260101-120000.`,
      '<model-dir>',
    );
  }
  const datasetFlag = parseChoiceFlag('--dataset', values.dataset, DATASET_CHOICES);
  const limit = parseIntegerFlag('--limit', values.limit);
  const sampleCount = parseIntegerFlag('--samples', values.samples, { min: 0 }) ?? DEFAULT_SAMPLE_COUNT;
  const errorCount = parseIntegerFlag('--errors', values.errors, { min: 0 }) ?? DEFAULT_ERROR_COUNT;
  const backendRequest = parseChoiceFlag('--backend', values.backend, BACKEND_CHOICES) ?? 'auto';
  const modelDir = await checkModelDir(positionals[0]!, context.cwd);
  const target = await resolveOut(values.out, modelDir, context.cwd, context.env);
  const outFile = target.file;
  const writeFix =
    values.out === undefined
      ? 'mnist report writes into the model directory unless told otherwise: pass --out <file.html> (or a directory) to write the report elsewhere, e.g. --out report.html.'
      : 'Pass --out a file or directory you can write to.';
  const overwrite = values.overwrite === true || values.force === true;

  const { assertOutputDir, assertWritableDir, evaluate, OutputDirError, selectBackend, writeFileAtomic } = await import('@mnist/train');
  // Checked before any evaluation, with the same rules and the same write probe as mnist train.
  const stem = basename(outFile).replace(/\.html?$/i, '');
  const isReportEntry = (name: string) => name === `${stem}.html` || name === `${stem}.htm` || PICTURES.some((p) => name === `${stem}-${p}.svg`);
  try {
    if (target.dir !== undefined) {
      await assertOutputDir(target.dir, { overwrite, kind: { label: 'a report', isOutputEntry: isReportEntry } });
    } else {
      await assertWritableDir(dirname(outFile));
      const existing = (await readdir(dirname(outFile)).catch(() => [] as string[])).filter(isReportEntry).sort();
      if (existing.length > 0 && !overwrite) {
        throw new CliError(
          `${displayPath(join(dirname(outFile), existing[0]!), context.cwd)}${existing.length > 1 ? ` and ${existing.length - 1} more file(s) of an earlier report` : ' (an earlier report)'} would be replaced. ` +
            'Pass --overwrite to replace the earlier report, or --out another file. Nothing was written.',
        );
      }
    }
  } catch (error) {
    if (!OutputDirError.isInstance(error)) throw error;
    if (values.out === undefined && error.reason === 'not-writable') throw new CliError(`Cannot write the report into ${displayPath(dirname(outFile), context.cwd)}: ${error.problem}. ${writeFix}`, { cause: error });
    throw new CliError(describeOutputDirError(error, { flag: '--out', overwriteFlag: '--overwrite', cwd: context.cwd }), { cause: error });
  }

  const { subset } = await import('@mnist/data');
  const { summary } = await import('@mnist/models');
  await quietTfjs();
  await selectBackend(backendRequest);
  const { model, metadata } = await loadModelDir(modelDir);
  try {
    const trainedOn = DATASET_CHOICES.find((d) => d === metadata?.dataset.name);
    const dataset = datasetFlag ?? trainedOn ?? 'mnist';
    const data = await loadDataset({ dataset, dataDir: values['data-dir'] }, context);
    const test = limit === undefined || limit >= data.test.count ? data.test : subset(data.test, limit);
    const progress = progressLine(context, 'Evaluating');
    const evaluation = await evaluate(model, test, { classNames: data.classNames, onProgress: (done, total) => progress.update(done, total) }).finally(() =>
      progress.clear(),
    );
    const sampleIndices = Array.from({ length: Math.min(sampleCount, test.count) }, (_, i) => i);
    const [samplePredictions, errorPredictions] = [await predictSplit(model, test, sampleIndices), await predictSplit(model, test, evaluation.misclassified)];
    const pixels = data.rows * data.cols;
    const toDigit = (p: (typeof samplePredictions)[number]): ReportDigit => ({
      ...p,
      src: digitPngDataUri(test.images.subarray(p.index * pixels, (p.index + 1) * pixels), data.rows, data.cols, { scale: DIGIT_PNG_SCALE, invert: true }),
    });
    const mistakes = errorPredictions.sort((a, b) => b.confidence - a.confidence || a.index - b.index).slice(0, errorCount);

    const history = metadata?.history;
    const epochs = history?.epoch ?? [];
    const hasHistory = epochs.length > 0;
    const chartFiles = {
      ...(hasHistory ? { loss: `${stem}-loss.svg`, accuracy: `${stem}-accuracy.svg` } : {}),
      confusionMatrix: `${stem}-confusion-matrix.svg`,
      perClass: `${stem}-per-class.svg`,
    };
    const charts: ReportData['charts'] = {
      confusionMatrix: confusionMatrixSvg(evaluation.confusionMatrix, data.classNames, `Confusion matrix (${formatCount(test.count)} test images)`),
      perClass: perClassBarChartSvg(evaluation.perClass),
    };
    let lastEpoch: ReportData['history'];
    if (history !== undefined && hasHistory) {
      const last = epochs.length - 1;
      const valLoss = finite(history.val_loss);
      const valAcc = finite(history.val_acc);
      // The test result this report measured, as one point at the last epoch: how far train/validation are from it.
      const atLastEpoch = (value: number) => epochs.map((_, i) => (i === last ? value : Number.NaN));
      const series = (train: number[], val: number[], test: number) => [
        { name: 'train', values: train, color: COLORS.train },
        ...(val.some((v) => Number.isFinite(v)) ? [{ name: 'validation', values: val, color: COLORS.validation, dashed: true }] : []),
        { name: 'test', values: atLastEpoch(test), color: COLORS.test },
      ];
      charts.loss = lineChartSvg({
        title: 'Loss per epoch',
        x: epochs,
        xLabel: 'Epoch',
        yLabel: 'Cross-entropy loss',
        series: series(finite(history.loss), valLoss, evaluation.loss),
      });
      charts.accuracy = lineChartSvg({
        title: 'Accuracy per epoch',
        x: epochs,
        xLabel: 'Epoch',
        yLabel: 'Accuracy',
        formatY: (v) => `${Number((v * 100).toFixed(1))}%`,
        series: series(finite(history.acc), valAcc, evaluation.accuracy),
      });
      const pick = (v: number[]) => (Number.isFinite(v[last]) ? v[last] : undefined);
      lastEpoch = {
        epochs: epochs[last] ?? epochs.length,
        loss: pick(finite(history.loss)),
        acc: pick(finite(history.acc)),
        valLoss: pick(valLoss),
        valAcc: pick(valAcc),
      };
    }
    const samples = samplePredictions.map(toDigit);
    const misclassified = mistakes.map(toDigit);
    // The two digit grids also as standalone pictures (digits embedded), like the charts.
    const grids: { file: string; svg: string }[] = [];
    const gridFiles: ReportData['gridFiles'] = {};
    if (samples.length > 0) {
      gridFiles.samples = `${stem}-samples.svg`;
      grids.push({
        file: gridFiles.samples,
        svg: digitGridSvg({ title: `Sample test predictions (first ${samples.length})`, digits: samples, classNames: data.classNames, showTruth: false }),
      });
    }
    if (misclassified.length > 0) {
      gridFiles.misclassified = `${stem}-misclassified.svg`;
      grids.push({
        file: gridFiles.misclassified,
        svg: digitGridSvg({
          title: `Misclassified test digits (${misclassified.length} most confident of ${formatCount(evaluation.misclassified.length)})`,
          digits: misclassified,
          classNames: data.classNames,
          showTruth: true,
        }),
      });
    }
    const { card, hyperparameters } = modelCard(metadata, model.countParams());
    const shownDir = displayPath(modelDir, context.cwd);
    const html = renderReportHtml({
      title: `MNIST model report: ${metadata?.architecture ?? basename(modelDir)}`,
      modelDir: shownDir,
      generatedAt: new Date().toISOString(),
      architecture: await describeArchitecture(model, metadata),
      parameters: model.countParams(),
      dataset,
      classNames: data.classNames,
      evaluation,
      charts,
      chartFiles,
      ...(lastEpoch === undefined ? {} : { history: lastEpoch }),
      samples,
      misclassified,
      gridFiles,
      summary: summary(model),
      card,
      hyperparameters,
    });
    const outDir = dirname(outFile);
    const written: string[] = [];
    const gridsWritten: string[] = [];
    try {
      await mkdir(outDir, { recursive: true });
      for (const [key, file] of Object.entries(chartFiles) as [keyof typeof chartFiles, string][]) {
        const svg = charts[key];
        if (svg === undefined) continue;
        await writeFileAtomic(join(outDir, file), `<?xml version="1.0" encoding="UTF-8"?>\n${svg}\n`);
        written.push(join(outDir, file));
      }
      for (const grid of grids) {
        await writeFileAtomic(join(outDir, grid.file), `<?xml version="1.0" encoding="UTF-8"?>\n${grid.svg}\n`);
        gridsWritten.push(join(outDir, grid.file));
      }
      await writeFileAtomic(outFile, html);
    } catch (error) {
      throw outputWriteError(outDir, error, writeFix);
    }
    if (values.json) {
      context.stdout.write(
        `${JSON.stringify({ report: outFile, charts: written, grids: gridsWritten, accuracy: evaluation.accuracy, loss: evaluation.loss, count: evaluation.count, misclassified: evaluation.misclassified.length })}\n`,
      );
    } else {
      const show = (p: string) => displayPath(p, context.cwd);
      context.stdout.write(
        `Test accuracy ${formatPercent(evaluation.accuracy)} (loss ${evaluation.loss.toFixed(4)}, ${formatCount(evaluation.count)} images, ${formatCount(evaluation.misclassified.length)} misclassified)\n` +
          `Report written to ${show(outFile)}\nCharts: ${written.map(show).join(', ')}\n` +
          (gridsWritten.length > 0 ? `Digit grids: ${gridsWritten.map(show).join(', ')}\n` : ''),
      );
    }
    return EXIT_OK;
  } finally {
    model.dispose();
  }
}

/** `mnist report <model-dir>`: the self-contained HTML report. */
export const reportCommand: Command = {
  name: 'report',
  summary: 'write a self-contained HTML report: curves, confusion matrix, samples, mistakes, model card',
  help: REPORT_HELP,
  run: runReport,
};
