import { isAbsolute, join, resolve } from 'node:path';
// Types only: the library (and TensorFlow.js) is loaded when the command runs, so `mnist --help` stays instant.
import type { FineTuneOptions } from '@mnist/train';
import type { Command, CommandContext } from '../command.js';
import { EXIT_INTERRUPTED, EXIT_OK } from '../exit-codes.js';
import { parseCommandFlags, parseIntegerFlag } from '../parse-command-flags.js';
import { createTrainReporter, type ReporterMode } from '../train-reporter.js';
import { UsageError } from '../usage-error.js';

/** Name of the checkpoint folder inside the output directory (as in @mnist/train). */
const CHECKPOINT_DIR_NAME = 'checkpoint';

const FLAGS = {
  from: { type: 'string' },
  data: { type: 'string' },
  'test-data': { type: 'string' },
  freeze: { type: 'string' },
  'new-head': { type: 'boolean' },
  'unfreeze-epochs': { type: 'string' },
  'unfreeze-lr': { type: 'string' },
  epochs: { type: 'string' },
  'batch-size': { type: 'string' },
  optimizer: { type: 'string' },
  'learning-rate': { type: 'string' },
  lr: { type: 'string' },
  seed: { type: 'string' },
  backend: { type: 'string' },
  workers: { type: 'string' },
  out: { type: 'string', short: 'o' },
  resume: { type: 'boolean' },
  overwrite: { type: 'boolean' },
  force: { type: 'boolean' },
  'keep-checkpoint': { type: 'boolean' },
  json: { type: 'boolean' },
  verbose: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** The CLI flag of each `fineTune()` option, so option errors name the flag the user typed. */
const FLAG_OF_OPTION: Record<string, string> = {
  from: '--from',
  freeze: '--freeze',
  epochs: '--epochs',
  batchSize: '--batch-size',
  optimizer: '--optimizer',
  learningRate: '--learning-rate',
  seed: '--seed',
  backend: '--backend',
  workers: '--workers',
  unfreeze: '--unfreeze-epochs',
  outDir: '--out',
  resume: '--resume',
};

export const FINETUNE_HELP = `Usage: mnist finetune --from <model dir | bundled> --data <dir> --out <dir> [flags]

Fine-tunes a trained model on your own labelled images (transfer learning): freezes the feature layers,
trains the classifier head (optionally a new one for other classes), measures accuracy on a held-out
part of the data (or --test-data), and writes a model directory that mnist evaluate, mnist report,
mnist release and @mnist/infer's loadRecognizer({ modelUrl }) load.

Data: one folder per class, named after it, holding .png, .jpg or .pgm images (<dir>/3/a.png, <dir>/7/b.jpg),
preprocessed exactly as @mnist/infer preprocesses what it recognises.

Model and data:
  --from <dir|url|bundled>   the base model: a model directory, its http(s) URL, or bundled (@mnist/infer's)
  --data <dir>               labelled images, one sub-folder per class
  --test-data <dir>          measure accuracy on these (default: a seeded fifth of --data is held out)
  --freeze <what>            features (default: everything before the head) | none | <layer name> (it and all before)
  --new-head                 replace the head, for classes the base model does not have

Recipe:
  --epochs <n>               epochs (default 5)
  --batch-size <n>           images per batch (default 32)
  --optimizer <name>         adam (default) | sgd | momentum | rmsprop | adagrad
  --learning-rate, --lr <x>  learning rate (default 0.001)
  --unfreeze-epochs <n>      then unfreeze every layer and train n more epochs at a low rate
  --unfreeze-lr <x>          learning rate of that phase (default a tenth of --lr)
  --seed <n>                 seeds the new head, shuffling, dropout and the held-out split (default 42)

Where and how:
  --backend <name>           auto (default) | tensorflow | wasm | cpu
  --workers <n|auto>         data-parallel worker threads (default auto: one per core on wasm)
  -o, --out <dir>            output directory (required): a new or empty directory; one holding a model
                             only with --overwrite; never any other non-empty directory
  --overwrite, --force       replace the model already in --out (its model files, metadata, report)
  --resume                   continue the interrupted run in --out from its last checkpoint
  --keep-checkpoint          keep the checkpoint after the model is saved
  --json                     one JSON object per line: start, epoch, checkpoint, done
  --verbose                  print stack traces of errors
  -h, --help                 this help

Ctrl-C finishes the current batch, saves a checkpoint and exits with code 130; press it twice to quit at once.
Exit codes: 0 ok, 1 failure, 2 usage error, 130 interrupted.
`;

type FlagValues = ReturnType<typeof parseFlags>['values'];

function parseFlags(args: string[]) {
  const parsed = parseCommandFlags('finetune', args, FLAGS);
  if (parsed.positionals.length > 0) {
    throw new UsageError(
      `mnist finetune takes flags only, got ${parsed.positionals.map((p) => JSON.stringify(p)).join(' ')}. Run mnist finetune --help for the flags.`,
    );
  }
  return parsed;
}

function numberFlag(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = value.trim() === '' ? Number.NaN : Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`${flag} expects a positive number, got ${JSON.stringify(value)}.`, flag);
  return n;
}

function shellQuote(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replaceAll("'", "'\\''")}'`;
}

const isRemote = (from: string) => from === 'bundled' || /^https?:\/\//i.test(from);

/** Options given on the command line (unset flags stay undefined so the defaults or the checkpoint fill them). */
function explicitOptions(values: FlagValues, cwd: string): Partial<FineTuneOptions> {
  if (values['learning-rate'] !== undefined && values.lr !== undefined) throw new UsageError('Use either --learning-rate or --lr, not both.', '--lr');
  if (values['unfreeze-lr'] !== undefined && values['unfreeze-epochs'] === undefined) {
    throw new UsageError('--unfreeze-lr needs --unfreeze-epochs <n>: the epochs of the unfrozen phase.', '--unfreeze-lr');
  }
  const unfreezeEpochs = parseIntegerFlag('--unfreeze-epochs', values['unfreeze-epochs']);
  const unfreezeRate = numberFlag('--unfreeze-lr', values['unfreeze-lr']);
  const options: Partial<FineTuneOptions> = {
    from: values.from === undefined ? undefined : isRemote(values.from) ? values.from : resolve(cwd, values.from),
    data: values.data === undefined ? undefined : resolve(cwd, values.data),
    testData: values['test-data'] === undefined ? undefined : resolve(cwd, values['test-data']),
    freeze: values.freeze,
    newHead: values['new-head'],
    epochs: parseIntegerFlag('--epochs', values.epochs),
    batchSize: parseIntegerFlag('--batch-size', values['batch-size']),
    optimizer: values.optimizer as FineTuneOptions['optimizer'],
    learningRate: numberFlag(values.lr === undefined ? '--learning-rate' : '--lr', values['learning-rate'] ?? values.lr),
    unfreeze: unfreezeEpochs === undefined ? undefined : { epochs: unfreezeEpochs, ...(unfreezeRate === undefined ? {} : { learningRate: unfreezeRate }) },
    seed: parseIntegerFlag('--seed', values.seed, { min: 0 }),
    backend: values.backend as FineTuneOptions['backend'],
    workers: values.workers === undefined || values.workers === 'auto' ? values.workers : parseIntegerFlag('--workers', values.workers),
    resume: values.resume ?? false,
    keepCheckpoint: values['keep-checkpoint'] ?? false,
  };
  for (const key of Object.keys(options) as (keyof FineTuneOptions)[]) if (options[key] === undefined) delete options[key];
  return options;
}

/** The options a checkpoint recorded, as `fineTune()` options (the base of a resumed run). */
function fromCheckpoint(recorded: Record<string, unknown>): Partial<FineTuneOptions> {
  const pick = <K extends keyof FineTuneOptions>(key: K): Partial<FineTuneOptions> =>
    recorded[key] === undefined || recorded[key] === null ? {} : ({ [key]: recorded[key] } as Partial<FineTuneOptions>);
  return {
    ...pick('from'),
    ...pick('data'),
    ...pick('testData'),
    ...pick('freeze'),
    ...pick('newHead'),
    ...pick('epochs'),
    ...pick('batchSize'),
    ...pick('optimizer'),
    ...pick('learningRate'),
    ...pick('schedule'),
    ...pick('labelSmoothing'),
    ...pick('augment'),
    ...pick('seed'),
    ...pick('unfreeze'),
    ...pick('heldOutFraction'),
  };
}

function reporterMode(values: FlagValues, context: CommandContext): ReporterMode {
  if (values.json) return 'json';
  return context.stdout.isTTY ? 'tty' : 'plain';
}

async function runFinetune(args: string[], context: CommandContext): Promise<number> {
  const { values } = parseFlags(args);
  if (values.help) {
    context.stdout.write(FINETUNE_HELP);
    return EXIT_OK;
  }
  const explicit = explicitOptions(values, context.cwd);
  if (values.out === undefined) throw new UsageError('mnist finetune needs --out <dir>: where the fine-tuned model is written.', '--out');
  const outDir = resolve(context.cwd, values.out);
  const { InvalidOptionError, readCheckpointInfo, fineTune } = await import('@mnist/train');
  let base: Partial<FineTuneOptions> = {};
  if (explicit.resume) {
    const info = await readCheckpointInfo(join(outDir, CHECKPOINT_DIR_NAME));
    if (info) base = fromCheckpoint(info.options as unknown as Record<string, unknown>);
  }
  const options = { ...base, ...explicit };
  if (options.from === undefined) throw new UsageError('mnist finetune needs --from <model dir | url | bundled>: the model to start from.', '--from');
  if (options.data === undefined) throw new UsageError('mnist finetune needs --data <dir>: one sub-folder of images per class.', '--data');
  if (typeof options.from === 'string' && !isRemote(options.from) && !isAbsolute(options.from)) options.from = resolve(context.cwd, options.from);

  const mode = reporterMode(values, context);
  const reporter = createTrainReporter({
    mode,
    color: mode === 'tty' && !context.env.NO_COLOR,
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
    const result = await fineTune({
      ...(options as FineTuneOptions),
      outDir,
      overwrite: values.overwrite === true || values.force === true,
      signal: controller.signal,
      onLog: (event) => reporter.onLog(event),
      onBatchEnd: (info) => reporter.onBatchEnd(info),
      onEpochEnd: (info) => reporter.onEpochEnd(info),
    }).catch((error: unknown) => {
      if (error instanceof InvalidOptionError) {
        const flag = FLAG_OF_OPTION[error.option.split('.')[0]!] ?? error.option;
        throw new UsageError(`Invalid ${flag}: expected ${error.allowed}, got ${JSON.stringify(error.value)}.`, flag);
      }
      throw error;
    });
    try {
      if (result.aborted) {
        reporter.aborted({
          epoch: result.stoppedAt?.epoch ?? 0,
          batch: result.stoppedAt?.batch ?? 0,
          checkpointDir: result.checkpointDir,
          resumeCommand: `mnist finetune --resume --out ${shellQuote(outDir)}`,
        });
        return EXIT_INTERRUPTED;
      }
      reporter.done({
        testAccuracy: result.test?.accuracy ?? Number.NaN,
        testLoss: result.test?.loss ?? Number.NaN,
        trainSeconds: result.trainSeconds,
        epochs: result.history.epoch.length,
        backend: result.backend.name,
        model: result.base.architecture ?? 'model',
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

/** `mnist finetune`: fine-tunes a trained model on a folder of labelled images and saves it. */
export const finetuneCommand: Command = {
  name: 'finetune',
  summary: 'fine-tune a trained model on your own labelled images (transfer learning) and save it',
  help: FINETUNE_HELP,
  run: runFinetune,
};
