import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Command, CommandContext } from '../command.js';
import { EXIT_OK } from '../exit-codes.js';
import { parseCommandFlags } from '../parse-command-flags.js';
import { quietTfjs } from '../quiet-tfjs.js';
import { checkModelDir } from '../resolve-model-dir.js';
import { evaluateRobustness, suiteTableMarkdown, targetOf, thresholdTableMarkdown } from '../robustness/evaluate-robustness.js';
import { buildRobustnessSuites, SUITE_NAMES } from '../robustness/robustness-suites.js';
import { UsageError } from '../usage-error.js';

/** Seed of the robustness suites (the published numbers use it). */
export const SUITE_SEED = 1;
const MNIST_TEST_COUNT = 10_000;

export const ROBUSTNESS_HELP = `Usage: mnist robustness [model-dir] [--limit <n>] [--seed <n>] [--markdown] [--json]

Reads the MNIST test set and ${SUITE_NAMES.length - 1} transformed copies of it (binarised, 16x16 and 12x12, box-normalised,
thick and thin pen, slant ±25°, rotation ±20°, broken strokes, speckle, photographed on paper, and
combinations of two) through @mnist/infer's public API, and prints per suite the accuracy, the
expected calibration error (15 bins) and the mean confidence, then the table of confidence threshold
-> share of inputs answered -> accuracy of the answered ones. Without a model directory it measures
the model bundled with @mnist/infer. The suites are seeded: the same seed gives the same images.

Flags:
  --limit <n>   use the first n test images per suite (default all 10,000)
  --seed <n>    seed of the transforms (default ${SUITE_SEED})
  --markdown    print the tables as Markdown (as in MODEL_CARD.md)
  --json        one JSON object: { model, suites: [...], pooledThresholds: [...] }
  -h, --help    this help
`;

const FLAGS = {
  limit: { type: 'string' },
  seed: { type: 'string' },
  markdown: { type: 'boolean' },
  json: { type: 'boolean' },
  verbose: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

function positiveInteger(flag: string, value: string | undefined, fallback: number, max = Number.MAX_SAFE_INTEGER): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 1 || n > max) throw new UsageError(`${flag} expects a whole number from 1 to ${max}, got ${JSON.stringify(value)}.`, flag);
  return n;
}

async function runRobustness(args: string[], context: CommandContext): Promise<number> {
  const { values, positionals } = parseCommandFlags('robustness', args, FLAGS);
  if (values.help) {
    context.stdout.write(ROBUSTNESS_HELP);
    return EXIT_OK;
  }
  if (positionals.length > 1) throw new UsageError(`mnist robustness expects at most one model directory, got ${positionals.length}.`);
  const limit = positiveInteger('--limit', values.limit, MNIST_TEST_COUNT, MNIST_TEST_COUNT);
  const seed = positiveInteger('--seed', values.seed, SUITE_SEED, 0xffff_ffff);
  const dir = positionals[0] === undefined ? undefined : await checkModelDir(positionals[0], context.cwd);
  await quietTfjs();
  const { loadMnist } = await import('@mnist/data/node');
  const { loadRecognizer } = await import('@mnist/infer');
  const progress = values.json ? context.stderr : context.stdout;
  const data = await loadMnist({ dataset: 'mnist' });
  const suites = buildRobustnessSuites(data.test.images, data.test.labels, limit, { seed });
  const recognizer = await loadRecognizer(dir === undefined ? {} : { modelUrl: pathToFileURL(join(dir, 'model.json')).href });
  const model = {
    source: positionals[0] ?? 'bundled',
    version: recognizer.model.version ?? null,
    id: recognizer.model.id ?? null,
    calibration: recognizer.model.calibration ?? null,
  };
  progress.write(
    `Model ${model.source}${model.version ? ` ${model.version}` : ''} (${recognizer.backend}); ` +
      `${model.calibration ? `calibrated, temperature ${model.calibration.temperature.toFixed(3)}` : 'no calibration'}; ${limit} images per suite, seed ${seed}\n`,
  );
  let report: Awaited<ReturnType<typeof evaluateRobustness>>;
  try {
    const header = `${'suite'.padEnd(16)}${'accuracy'.padStart(10)}${'ECE'.padStart(8)}${'mean conf'.padStart(11)}  target`;
    if (!values.markdown) progress.write(`${header}\n`);
    report = await evaluateRobustness(recognizer, suites, (s) => {
      if (values.markdown) return;
      const t = targetOf(s.name);
      const met = s.accuracy >= t.minAccuracy && s.ece <= t.maxEce;
      progress.write(
        `${s.name.padEnd(16)}${`${(s.accuracy * 100).toFixed(2)}%`.padStart(10)}${`${(s.ece * 100).toFixed(2)}%`.padStart(8)}` +
          `${s.meanConfidence.toFixed(3).padStart(11)}  ≥${(t.minAccuracy * 100).toFixed(1)}% / ECE ≤${(t.maxEce * 100).toFixed(1)}%: ${met ? 'met' : 'NOT MET'}\n`,
      );
    });
  } finally {
    recognizer.dispose();
  }
  if (values.json) {
    context.stdout.write(`${JSON.stringify({ bench: 'robustness', model, limit, seed, ...report })}\n`);
  } else if (values.markdown) {
    context.stdout.write(`${suiteTableMarkdown(report)}\n\n${thresholdTableMarkdown(report)}\n`);
  } else {
    const clean = report.suites.find((s) => s.name === 'clean');
    context.stdout.write(`\n${'confidence ≥'.padEnd(14)}${'MNIST answered'.padStart(16)}${'accuracy'.padStart(10)}${'suites answered'.padStart(17)}${'accuracy'.padStart(10)}\n`);
    report.pooledThresholds.forEach((row, i) => {
      const c = clean?.thresholds[i];
      const pct = (v: number | undefined) => (v === undefined ? '—' : `${(v * 100).toFixed(2)}%`);
      context.stdout.write(
        `${String(row.threshold).padEnd(14)}${pct(c?.answered).padStart(16)}${pct(c?.accuracy).padStart(10)}${pct(row.answered).padStart(17)}${pct(row.accuracy).padStart(10)}\n`,
      );
    });
  }
  return EXIT_OK;
}

/** `mnist robustness [model-dir]`: accuracy and calibration on the robustness suites. */
export const robustnessCommand: Command = {
  name: 'robustness',
  summary: 'accuracy and calibration on MNIST test and its robustness suites (binarised, low-res, slant, photo...)',
  help: ROBUSTNESS_HELP,
  run: runRobustness,
};
