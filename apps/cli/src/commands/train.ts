import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
// Types only: the library (and TensorFlow.js) is loaded when the command runs, so `mnist --help` stays instant.
import type { CheckpointOptions, PresetName, TrainOptions } from '@mnist/train';
import type { Command, CommandContext } from '../command.js';
import { EXIT_INTERRUPTED, EXIT_OK } from '../exit-codes.js';
import { createTrainReporter, type ReporterMode } from '../train-reporter.js';
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
  'checkpoint-dir': { type: 'string' },
  resume: { type: 'boolean' },
  'keep-checkpoint': { type: 'boolean' },
  json: { type: 'boolean' },
  verbose: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** The CLI flag of each `train()` option, so option errors name the flag the user typed. */
const FLAG_OF_OPTION: Record<string, string> = {
  preset: '--preset',
  model: '--model',
  dataset: '--dataset',
  dataDir: '--data-dir',
  epochs: '--epochs',
  batchSize: '--batch-size',
  validationSplit: '--validation-split',
  optimizer: '--optimizer',
  learningRate: '--learning-rate',
  schedule: '--schedule',
  labelSmoothing: '--label-smoothing',
  augment: '--augment',
  seed: '--seed',
  limit: '--limit',
  testLimit: '--test-limit',
  backend: '--backend',
  workers: '--workers',
  outDir: '--out',
  checkpointDir: '--checkpoint-dir',
  resume: '--resume',
};

export const TRAIN_HELP = `Usage: mnist train [flags]

Trains a model on MNIST, shows progress, evaluates it on the test set and writes a model directory
(model.json + weights + metadata.json) that tf.loadLayersModel and @mnist/infer can load.

Recipe:
  --preset <name>            fast (default) | best | robust | tutorial; the flags below override it
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
  -o, --out <dir>            output directory (default models/<model>-<yyyymmdd-hhmmss>)
  --checkpoint-dir <dir>     where checkpoints go (default <out>/${CHECKPOINT_DIR_NAME})
  --resume                   continue the interrupted run in --out from its last checkpoint
  --keep-checkpoint          keep the checkpoint after the model is saved
  --json                     one JSON object per line: start, epoch, checkpoint, done
  --verbose                  print stack traces of errors
  -h, --help                 this help

Ctrl-C finishes the current batch, saves a checkpoint and exits with code 130; press it twice to quit at once.
Exit codes: 0 ok, 1 failure, 2 usage error, 130 interrupted.
`;

type FlagValues = ReturnType<typeof parseFlags>['values'];

/** Flags that take a value, so `--epochs -1` can be reported as a bad value rather than as a parser puzzle. */
const VALUE_FLAGS = new Set(
  Object.entries(FLAGS).flatMap(([name, spec]) =>
    spec.type === 'string' ? [`--${name}`, ...('short' in spec ? [`-${spec.short}`] : [])] : [],
  ),
);

function parseFlags(args: string[]) {
  for (let i = 0; i < args.length - 1; i++) {
    const flag = args[i]!;
    const next = args[i + 1]!;
    if (VALUE_FLAGS.has(flag) && /^-\d|^-\.\d/.test(next)) {
      throw new UsageError(`${flag} expects a positive value, got ${JSON.stringify(next)}: negative numbers are not allowed here.`, flag);
    }
  }
  try {
    return parseArgs({ args, options: FLAGS, strict: true, allowPositionals: false });
  } catch (error) {
    const first = (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
    throw new UsageError(`${first.endsWith('.') ? first : `${first}.`} Run mnist train --help for the flags.`);
  }
}

function integerFlag(flag: string, value: string | undefined, { allowZero = false } = {}): number | undefined {
  if (value === undefined) return undefined;
  const what = allowZero ? 'a non-negative integer' : 'a positive integer';
  if (!/^\d+$/.test(value.trim())) throw new UsageError(`${flag} expects ${what}, got ${JSON.stringify(value)}.`, flag);
  const n = Number(value);
  if (!Number.isSafeInteger(n) || (!allowZero && n === 0)) {
    throw new UsageError(`${flag} expects ${what}, got ${JSON.stringify(value)}.`, flag);
  }
  return n;
}

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
  const { DEFAULT_PRESET, InvalidOptionError, PRESETS, readCheckpointInfo, train } = await import('@mnist/train');
  let base: TrainOptions = {};
  let outDir: string;
  if (explicit.resume) {
    if (values.out === undefined && values['checkpoint-dir'] === undefined) {
      throw new UsageError('--resume needs --out <dir>: the output directory of the run to continue.', '--resume');
    }
    if (values.out === undefined) throw new UsageError('--resume needs --out <dir> as well as --checkpoint-dir.', '--out');
    outDir = resolve(context.cwd, values.out);
    const info = await readCheckpointInfo(explicit.checkpointDir ?? join(outDir, CHECKPOINT_DIR_NAME));
    if (info) base = fromCheckpoint(info.options);
  } else {
    if (values.config !== undefined) base = await readTrainConfig(resolve(context.cwd, values.config));
    const preset = PRESETS[(explicit.preset ?? base.preset ?? DEFAULT_PRESET) as PresetName];
    const model = explicit.model ?? base.model ?? preset?.model ?? 'model';
    outDir = resolve(context.cwd, values.out ?? join('models', `${model.replace(/[^\w.-]/g, '_')}-${timestamp(new Date())}`));
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
  let interrupts = 0;
  const onSigint = () => {
    interrupts++;
    if (interrupts === 1) {
      controller.abort();
      context.stderr.write('\nStopping after the current batch and saving a checkpoint (press Ctrl-C again to quit at once)...\n');
    } else {
      process.exit(EXIT_INTERRUPTED);
    }
  };
  process.on('SIGINT', onSigint);
  try {
    const result = await train({
      ...base,
      ...explicit,
      outDir,
      signal: controller.signal,
      onLog: (event) => reporter.onLog(event),
      onBatchEnd: (info) => reporter.onBatchEnd(info),
      onEpochEnd: (info) => reporter.onEpochEnd(info),
    }).catch(async (error: unknown) => {
      const { MnistDataError, NoSourceError } = await import('@mnist/data');
      if (error instanceof MnistDataError && explicit.dataDir !== undefined) {
        throw new Error(`--data-dir ${explicit.dataDir}: ${error.message}`, { cause: error });
      }
      if (error instanceof NoSourceError) {
        throw new Error(`${error.message}\nWith mnist train: pass --data-dir <dir> holding the four IDX files (raw or .gz).`, {
          cause: error,
        });
      }
      if (error instanceof InvalidOptionError) {
        const flag = FLAG_OF_OPTION[error.option.split('.')[0]!] ?? error.option;
        throw new UsageError(`Invalid ${flag}: expected ${error.allowed}, got ${JSON.stringify(error.value)}.`, flag);
      }
      throw error;
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
        return EXIT_INTERRUPTED;
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
      return EXIT_OK;
    } finally {
      result.model.dispose();
    }
  } finally {
    process.off('SIGINT', onSigint);
  }
}

/** `mnist train`: trains, evaluates and saves a model. */
export const trainCommand: Command = {
  name: 'train',
  summary: 'train a model on MNIST, evaluate it and save it (presets: fast, best, robust, tutorial)',
  help: TRAIN_HELP,
  run: runTrain,
};
