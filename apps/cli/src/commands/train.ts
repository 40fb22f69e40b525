import { join, resolve } from 'node:path';
// Types only: the library (and TensorFlow.js) is loaded when the command runs, so `mnist --help` stays instant.
import type { CheckpointOptions, PresetName, TrainOptions } from '@mnist/train';
import type { Command, CommandContext } from '../command.js';
import { describeOutputDirError } from '../describe-output-dir-error.js';
import { EXIT_INTERRUPTED, EXIT_OK, EXIT_TERMINATED } from '../exit-codes.js';
import { parseCommandFlags, parseIntegerFlag } from '../parse-command-flags.js';
import { expandHome } from '../expand-home.js';
import { createTrainReporter, type ReporterMode } from '../train-reporter.js';
import { CliError } from '../cli-error.js';
import { inCliWords } from '../cli-wording.js';
import { UsageError } from '../usage-error.js';

/** Name of the checkpoint folder inside the output directory (as in @mnist/train). */
const CHECKPOINT_DIR_NAME = 'checkpoint';

const FLAGS = {
  preset: { type: 'string' },
  config: { type: 'string' },
  model: { type: 'string' },
  dataset: { type: 'string' },
  'data-dir': { type: 'string' },
  epochs: { type: 'string' },
  'batch-size': { type: 'string' },
  'validation-split': { type: 'string' },
  optimizer: { type: 'string' },
  'learning-rate': { type: 'string' },
  lr: { type: 'string' },
  schedule: { type: 'string' },
  'label-smoothing': { type: 'string' },
  augment: { type: 'boolean' },
  'no-augment': { type: 'boolean' },
  seed: { type: 'string' },
  limit: { type: 'string' },
  'test-limit': { type: 'string' },
  backend: { type: 'string' },
  workers: { type: 'string' },
  out: { type: 'string', short: 'o' },
  overwrite: { type: 'boolean' },
  force: { type: 'boolean' },
  'checkpoint-dir': { type: 'string' },
  resume: { type: 'boolean' },
  'keep-checkpoint': { type: 'boolean' },
  json: { type: 'boolean' },
  verbose: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export const TRAIN_HELP = `Usage: mnist train [flags]

Trains a model on MNIST, shows progress, evaluates it on the test set and writes a model directory
(model.json + weights + metadata.json) that tf.loadLayersModel and @mnist/infer can load.

Presets (the flags below override any part of them):
  fast (default)             cnn-fast, 2 epochs, batch 128, Adam with a one-cycle rate, no augmentation:
                             about 99% in half a minute on 2 cores
  best                       cnn-bn, 14 epochs, augmentation (rotation, scale, shift, stroke width),
                             one-cycle rate: about 99.6% in 10-15 minutes on 2 cores
  tutorial                   the classic Keras recipe: cnn, Adam 1e-3 constant, batch 128, 6 epochs,
                             10% validation

Recipe:
  --preset <name>            fast (default) | best | tutorial
  --config <file>            training options from a JSON file (the best.json of mnist tune); flags override them
  --model <name>             mlp | cnn-small | cnn | cnn-bn | cnn-fast
  --dataset <name>           mnist (default) | fashion-mnist
  --data-dir <dir>           read the four IDX files from <dir> instead of the bundled dataset
  --epochs <n>               epochs (positive integer)
  --batch-size <n>           images per batch (positive integer)
  --validation-split <f>     fraction of training images held out for val_loss/val_acc, in [0, 1)
  --optimizer <name>         adam | sgd | momentum | rmsprop | adagrad
  --learning-rate, --lr <x>  base (or one-cycle peak) learning rate
  --schedule <name>          constant | cosine | one-cycle (per batch)
  --label-smoothing <f>      in [0, 1)
  --augment, --no-augment    random rotation/scale/shift/stroke width of training images on or off
  --seed <n>                 seeds weights, shuffling, augmentation, validation split (default 42)
  --limit <n>                train on the first n training images only
  --test-limit <n>           evaluate on the first n test images only

Where and how:
  --backend <name>           auto (default: tensorflow if tfjs-node loads, else wasm, else cpu) | tensorflow | wasm | cpu
  --workers <n|auto>         data-parallel worker threads (default auto: one per core on wasm)
  -o, --out <dir>            output directory (default models/<model>-<yyyymmdd-hhmmss>): a new or empty
                             directory; one holding a model only with --overwrite; never any other
  --overwrite, --force       replace the model already in --out (its model files, metadata, report)
  --checkpoint-dir <dir>     where checkpoints go (default <out>/${CHECKPOINT_DIR_NAME})
  --resume                   continue the interrupted run in --out from its last checkpoint
  --keep-checkpoint          keep the checkpoint after the model is saved
  --json                     one JSON object per line: start, epoch, checkpoint, done
  --verbose                  print stack traces of errors
  -h, --help                 this help

The one-cycle schedule ends near zero on purpose (the last epoch line shows e.g. lr 2.00e-8): the rate
rises to its peak, then anneals down to settle the weights.

Examples:
  mnist train                                  # fast preset, model in models/cnn-fast-<date>-<time>
  mnist train --preset best --out models/best  # the most accurate model
  mnist train --out models/best --overwrite    # train again into the same directory, replacing the model
  mnist train --model mlp --epochs 5 --lr 0.001 --schedule cosine
  mnist train --dataset fashion-mnist --data-dir /usr/share/datasets/fashion-mnist
  mnist train --json | tail -n 1               # {"event":"done","testAccuracy":…}
  mnist train --resume --out models/best       # continue a run stopped with Ctrl-C

Ctrl-C (or SIGTERM from timeout, docker stop, CI) finishes the current batch, saves a checkpoint, prints the
command that resumes and exits with 130 (143 for SIGTERM); a second signal quits at once. With standard
output closed (mnist train | head) training goes on and the model is written.
Exit codes: 0 ok, 1 failure, 2 usage error, 130 interrupted (Ctrl-C), 143 terminated (SIGTERM).
`;

type FlagValues = ReturnType<typeof parseFlags>['values'];

function parseFlags(args: string[]) {
  const parsed = parseCommandFlags('train', args, FLAGS);
  if (parsed.positionals.length > 0) {
    throw new UsageError(`mnist train takes no arguments, got ${parsed.positionals.map((p) => JSON.stringify(p)).join(' ')}. Flags start with --; run mnist train --help.`);
  }
  return parsed;
}

const integerFlag = (flag: string, value: string | undefined, { allowZero = false } = {}) => parseIntegerFlag(flag, value, { min: allowZero ? 0 : 1 });

function numberFlag(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = value.trim() === '' ? Number.NaN : Number(value);
  if (!Number.isFinite(n)) throw new UsageError(`${flag} expects a number, got ${JSON.stringify(value)}.`, flag);
  return n;
}

function timestamp(date: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}${p(date.getMonth() + 1)}${p(date.getDate())}-${p(date.getHours())}${p(date.getMinutes())}${p(date.getSeconds())}`;
}

function shellQuote(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replaceAll("'", "'\\''")}'`;
}

/** Options given explicitly on the command line (unset flags stay undefined so presets/checkpoints fill them). */
function explicitOptions(values: FlagValues, cwd: string): TrainOptions {
  if (values.out !== undefined && values.out.trim() === '') {
    throw new UsageError('--out expects a directory, got an empty string. Name a new or empty directory, e.g. --out models/my-model.', '--out');
  }
  if (values.augment && values['no-augment']) throw new UsageError('Use either --augment or --no-augment, not both.', '--augment');
  if (values['learning-rate'] !== undefined && values.lr !== undefined) {
    throw new UsageError('Use either --learning-rate or --lr, not both.', '--lr');
  }
  const options: TrainOptions = {
    preset: values.preset as PresetName | undefined,
    model: values.model as TrainOptions['model'],
    dataset: values.dataset as TrainOptions['dataset'],
    dataDir: values['data-dir'] === undefined ? undefined : resolve(cwd, values['data-dir']),
    epochs: integerFlag('--epochs', values.epochs),
    batchSize: integerFlag('--batch-size', values['batch-size']),
    validationSplit: numberFlag('--validation-split', values['validation-split']),
    optimizer: values.optimizer as TrainOptions['optimizer'],
    learningRate: numberFlag(values.lr === undefined ? '--learning-rate' : '--lr', values['learning-rate'] ?? values.lr),
    schedule: values.schedule as TrainOptions['schedule'],
    labelSmoothing: numberFlag('--label-smoothing', values['label-smoothing']),
    augment: values.augment ? true : values['no-augment'] ? false : undefined,
    seed: integerFlag('--seed', values.seed, { allowZero: true }),
    limit: integerFlag('--limit', values.limit),
    testLimit: integerFlag('--test-limit', values['test-limit']),
    backend: values.backend as TrainOptions['backend'],
    workers: values.workers === undefined || values.workers === 'auto' ? values.workers : integerFlag('--workers', values.workers),
    checkpointDir: values['checkpoint-dir'] === undefined ? undefined : resolve(cwd, values['checkpoint-dir']),
    overwrite: values.overwrite === true || values.force === true,
    resume: values.resume ?? false,
    keepCheckpoint: values['keep-checkpoint'] ?? false,
  };
  for (const key of Object.keys(options) as (keyof TrainOptions)[]) if (options[key] === undefined) delete options[key];
  return options;
}

/** Keys of a training configuration file (`best.json` of `mnist tune`); `tune` describes its origin and is ignored. */
const CONFIG_KEYS = [
  'preset', 'model', 'modelOptions', 'dataset', 'epochs', 'batchSize', 'validationSplit', 'optimizer', 'learningRate',
  'schedule', 'labelSmoothing', 'augment', 'seed', 'limit', 'testLimit',
] as const;

/** Reads `--config <file>`: `train()` options as JSON (explicit flags override them). */
async function readTrainConfig(path: string): Promise<TrainOptions> {
  const { readFile } = await import('node:fs/promises');
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new UsageError(`--config ${path}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : `not a readable JSON file (${(error as Error).message})`}.`, '--config');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new UsageError(`--config ${path}: expected a JSON object of training options.`, '--config');
  const unknown = Object.keys(parsed).find((key) => key !== 'tune' && !(CONFIG_KEYS as readonly string[]).includes(key));
  if (unknown !== undefined) throw new UsageError(`--config ${path}: unknown option "${unknown}" (expected ${CONFIG_KEYS.join(', ')}).`, '--config');
  const { tune: _origin, ...options } = parsed as Record<string, unknown>;
  return options as TrainOptions;
}

/** Options recorded in a checkpoint, as `train()` options (the base of a resumed run). */
function fromCheckpoint(options: CheckpointOptions): TrainOptions {
  const { limit, testLimit, dataDir, ...rest } = options;
  return {
    ...rest,
    ...(limit === undefined || limit === null ? {} : { limit }),
    ...(testLimit === undefined || testLimit === null ? {} : { testLimit }),
    ...(dataDir === undefined || dataDir === null ? {} : { dataDir }),
  };
}

function reporterMode(values: FlagValues, context: CommandContext): ReporterMode {
  if (values.json) return 'json';
  return context.stdout.isTTY ? 'tty' : 'plain';
}

async function runTrain(args: string[], context: CommandContext): Promise<number> {
  const { values } = parseFlags(args);
  if (values.help) {
    context.stdout.write(TRAIN_HELP);
    return EXIT_OK;
  }
  const explicit = explicitOptions(values, context.cwd);
  const { DEFAULT_PRESET, InvalidOptionError, OutputDirError, PRESETS, readCheckpointInfo, train } = await import('@mnist/train');
  let base: TrainOptions = {};
  let outDir: string;
  if (explicit.resume) {
    if (values.out === undefined && values['checkpoint-dir'] === undefined) {
      throw new UsageError('--resume needs --out <dir>: the output directory of the run to continue.', '--resume');
    }
    if (values.out === undefined) throw new UsageError('--resume needs --out <dir> as well as --checkpoint-dir.', '--out');
    outDir = resolve(context.cwd, expandHome(values.out, context.env));
    const info = await readCheckpointInfo(explicit.checkpointDir ?? join(outDir, CHECKPOINT_DIR_NAME));
    if (info) base = fromCheckpoint(info.options);
  } else {
    if (values.config !== undefined) base = await readTrainConfig(resolve(context.cwd, values.config));
    const preset = PRESETS[(explicit.preset ?? base.preset ?? DEFAULT_PRESET) as PresetName];
    const model = explicit.model ?? base.model ?? preset?.model ?? 'model';
    outDir = resolve(context.cwd, values.out === undefined ? join('models', `${model.replace(/[^\w.-]/g, '_')}-${timestamp(new Date())}`) : expandHome(values.out, context.env));
  }
  const mode = reporterMode(values, context);
  const color = mode === 'tty' && !context.env.NO_COLOR;
  const reporter = createTrainReporter({
    mode,
    color,
    write: (text) => context.stdout.write(text),
    ...(context.stdout.columns === undefined ? {} : { columns: context.stdout.columns }),
  });

  const controller = new AbortController();
  let stopSignal: NodeJS.Signals | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopSignal === undefined) {
      stopSignal = signal;
      controller.abort();
      const how = signal === 'SIGINT' ? 'press Ctrl-C again' : `send ${signal} again`;
      context.stderr.write(`\nStopping after the current batch and saving a checkpoint (${how} to quit at once)...\n`);
    } else {
      process.exit(stopSignal === 'SIGTERM' ? EXIT_TERMINATED : EXIT_INTERRUPTED);
    }
  };
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];
  for (const signal of signals) process.on(signal, onSignal);
  // mnist train | head: the pipe closes, training goes on (the result is the model on disk).
  const onStdoutClosed = () => {
    context.stderr.write(`mnist train: standard output was closed; training goes on and the model will be written to ${outDir}.\n`);
  };
  context.onStdoutClosed?.(onStdoutClosed);
  try {
    const result = await train({
      ...base,
      ...explicit,
      outDir,
      signal: controller.signal,
      onLog: (event) => reporter.onLog(event),
      onBatchEnd: (info) => reporter.onBatchEnd(info),
      onEpochEnd: (info) => reporter.onEpochEnd(info),
    }).catch((error: unknown) => {
      if (OutputDirError.isInstance(error) && explicit.checkpointDir !== undefined && error.dir === explicit.checkpointDir) {
        throw new CliError(describeOutputDirError(error, { flag: '--checkpoint-dir', overwriteFlag: '--overwrite', cwd: context.cwd }), { cause: error });
      }
      if (error instanceof InvalidOptionError && error.option === 'learningRate' && values.lr !== undefined) {
        throw new UsageError(`Invalid --lr: expected ${error.allowed}, got ${JSON.stringify(error.value)}.`, '--lr');
      }
      throw inCliWords(error, { cwd: context.cwd, dataset: explicit.dataset ?? base.dataset ?? 'mnist', ...(explicit.dataDir === undefined ? {} : { dataDir: explicit.dataDir }) });
    });
    try {
      if (result.aborted) {
        const resumeCommand = ['mnist train --resume --out', shellQuote(outDir)]
          .concat(explicit.checkpointDir ? ['--checkpoint-dir', shellQuote(explicit.checkpointDir)] : [])
          .join(' ');
        reporter.aborted({
          epoch: result.stoppedAt?.epoch ?? result.epochs,
          batch: result.stoppedAt?.batch ?? 0,
          checkpointDir: result.checkpointDir,
          resumeCommand,
        });
        if (context.stdoutClosed?.()) context.stderr.write(`Checkpoint saved. Resume with: ${resumeCommand}\n`);
        return stopSignal === 'SIGTERM' ? EXIT_TERMINATED : EXIT_INTERRUPTED;
      }
      reporter.done({
        testAccuracy: result.test?.accuracy ?? Number.NaN,
        testLoss: result.test?.loss ?? Number.NaN,
        trainSeconds: result.trainSeconds,
        epochs: result.epochs,
        backend: result.backend.name,
        model: result.options.model,
        modelDir: result.modelDir ?? outDir,
        testCount: result.test?.count ?? 0,
      });
      if (context.stdoutClosed?.()) context.stderr.write(`Model written to ${result.modelDir ?? outDir}\n`);
      return EXIT_OK;
    } finally {
      result.model.dispose();
    }
  } finally {
    for (const signal of signals) process.off(signal, onSignal);
  }
}

/** `mnist train`: trains, evaluates and saves a model. */
export const trainCommand: Command = {
  name: 'train',
  summary: 'train a model on MNIST, evaluate it and save it (presets: fast, best, tutorial)',
  help: TRAIN_HELP,
  run: runTrain,
};
