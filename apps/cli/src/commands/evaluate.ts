import type { Command, CommandContext } from '../command.js';
import { displayPath } from '../display-path.js';
import { EXIT_OK } from '../exit-codes.js';
import { formatEvaluation } from '../format-evaluation.js';
import { formatCount } from '../format-table.js';
import { DATASET_CHOICES, loadDataset } from '../load-dataset.js';
import { describeArchitecture, loadModelDir } from '../load-model-dir.js';
import { parseChoiceFlag, parseCommandFlags, parseIntegerFlag } from '../parse-command-flags.js';
import { progressLine } from '../progress-line.js';
import { quietTfjs } from '../quiet-tfjs.js';
import { resolveModelDir } from '../resolve-model-dir.js';
import { terminalStyle } from '../terminal-style.js';
import { UsageError } from '../usage-error.js';

/** Backends `--backend` accepts (as in mnist train). */
export const BACKEND_CHOICES = ['auto', 'tensorflow', 'wasm', 'cpu'] as const;
const SPLITS = ['test', 'train'] as const;

export const EVALUATE_HELP = `Usage: mnist evaluate [--model-dir <dir>] [flags]

Evaluates a saved model on a dataset split: loss, accuracy, per-class precision/recall/F1 and the
confusion matrix (rows: true class, columns: predicted class).

Flags:
  --model-dir <dir>   model directory written by mnist train (default: the newest under ./models)
  --dataset <name>    mnist | fashion-mnist (default: the one the model was trained on, else mnist)
  --data-dir <dir>    read the four IDX files (raw or .gz) from <dir> instead of the bundled dataset
  --split <name>      test (default) | train
  --limit <n>         evaluate the first n images only
  --batch-size <n>    images per forward pass (default 500)
  --backend <name>    auto (default) | tensorflow | wasm | cpu
  --json              one JSON object: loss, accuracy, perClass, confusionMatrix, misclassified
  --verbose           print stack traces of errors
  -h, --help          this help

Examples:
  mnist evaluate --model-dir models/cnn-small-20260101-120000
  mnist evaluate --limit 1000 --json | jq .accuracy
  mnist evaluate --model-dir models/fashion --dataset fashion-mnist
`;

const FLAGS = {
  'model-dir': { type: 'string' },
  dataset: { type: 'string' },
  'data-dir': { type: 'string' },
  split: { type: 'string' },
  limit: { type: 'string' },
  'batch-size': { type: 'string' },
  backend: { type: 'string' },
  json: { type: 'boolean' },
  verbose: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

async function runEvaluate(args: string[], context: CommandContext): Promise<number> {
  const { values, positionals } = parseCommandFlags('evaluate', args, FLAGS);
  if (values.help) {
    context.stdout.write(EVALUATE_HELP);
    return EXIT_OK;
  }
  if (positionals.length > 0) {
    throw new UsageError(`mnist evaluate takes no arguments, got ${JSON.stringify(positionals[0])}. Did you mean --model-dir ${positionals[0]}?`);
  }
  const datasetFlag = parseChoiceFlag('--dataset', values.dataset, DATASET_CHOICES);
  const split = parseChoiceFlag('--split', values.split, SPLITS) ?? 'test';
  const limit = parseIntegerFlag('--limit', values.limit);
  const batchSize = parseIntegerFlag('--batch-size', values['batch-size']);
  const backendRequest = parseChoiceFlag('--backend', values.backend, BACKEND_CHOICES) ?? 'auto';
  const dir = await resolveModelDir(values['model-dir'], context.cwd, 'evaluate');

  const { evaluate, selectBackend } = await import('@mnist/train');
  const { subset } = await import('@mnist/data');
  await quietTfjs();
  const backend = await selectBackend(backendRequest);
  const { model, metadata } = await loadModelDir(dir);
  try {
    const trainedOn = DATASET_CHOICES.find((d) => d === metadata?.dataset.name);
    const dataset = datasetFlag ?? trainedOn ?? 'mnist';
    const data = await loadDataset({ dataset, dataDir: values['data-dir'] }, context);
    const whole = data[split];
    const part = limit === undefined || limit >= whole.count ? whole : subset(whole, limit);
    const progress = progressLine(context, 'Evaluating');
    const result = await evaluate(model, part, {
      classNames: data.classNames,
      ...(batchSize === undefined ? {} : { batchSize }),
      onProgress: (done, total) => progress.update(done, total),
    }).finally(() => progress.clear());
    if (values.json) {
      context.stdout.write(
        `${JSON.stringify({ modelDir: dir, architecture: metadata?.architecture ?? null, dataset, split, backend: backend.name, ...result })}\n`,
      );
      return EXIT_OK;
    }
    const style = terminalStyle(context);
    const shown = displayPath(dir, context.cwd);
    const architecture = await describeArchitecture(model, metadata);
    context.stdout.write(
      `${style.paint('bold', `Model ${shown}`)} (${architecture}, ${formatCount(model.countParams())} parameters) on ${dataset} ${split}, ${formatCount(part.count)} images, backend ${backend.name}\n`,
    );
    context.stdout.write(formatEvaluation(result));
    return EXIT_OK;
  } finally {
    model.dispose();
  }
}

/** `mnist evaluate`: metrics of a saved model on a dataset split. */
export const evaluateCommand: Command = {
  name: 'evaluate',
  summary: 'loss, accuracy, per-class precision/recall/F1 and confusion matrix of a saved model',
  help: EVALUATE_HELP,
  run: runEvaluate,
};
