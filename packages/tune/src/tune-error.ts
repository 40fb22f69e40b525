const TUNE_ERROR_MARKER = Symbol.for('mnist.tune.error');

/** Options shared by every error of `@mnist/tune`. */
export interface TuneErrorOptions {
  message: string;
  cause?: unknown;
}

/**
 * Root of every error `@mnist/tune` throws. Branch on the subclasses' `isInstance` (a `Symbol.for`
 * marker, so the check survives minifiers and duplicate ESM/CJS copies of the package).
 */
export class TuneError extends Error {
  override readonly name: string = 'TuneError';

  constructor({ message, cause }: TuneErrorOptions) {
    super(message, cause === undefined ? undefined : { cause });
    Object.defineProperty(this, TUNE_ERROR_MARKER, { value: true });
  }

  static isInstance(value: unknown): value is TuneError {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[TUNE_ERROR_MARKER] === true;
  }
}

function hasName(value: unknown, name: string): boolean {
  return TuneError.isInstance(value) && value.name === name;
}

/** A search space (file or object) is malformed: unknown parameter, empty choice, low > high, bad condition. */
export class InvalidSpaceError extends TuneError {
  override readonly name = 'InvalidSpaceError';
  /** Where the space came from (a file path, or `default space of cnn-fast`). */
  readonly source: string;
  /** The parameter at fault, when one is. */
  readonly parameter: string | undefined;
  readonly problem: string;

  constructor(options: { source: string; parameter?: string; problem: string }) {
    super({
      message:
        `Invalid search space in ${options.source}${options.parameter === undefined ? '' : `, parameter "${options.parameter}"`}: ` +
        `${options.problem}. Fix the space file (see the @mnist/tune README for its format) and run again.`,
    });
    this.source = options.source;
    this.parameter = options.parameter;
    this.problem = options.problem;
  }

  static override isInstance(value: unknown): value is InvalidSpaceError {
    return hasName(value, 'InvalidSpaceError');
  }
}

/** An option of `tune()` (or a flag of `mnist tune`) has a value it cannot take. */
export class InvalidTuneOptionError extends TuneError {
  override readonly name = 'InvalidTuneOptionError';
  readonly option: string;
  readonly value: unknown;
  readonly expected: string;

  constructor(options: { option: string; value: unknown; expected: string }) {
    super({ message: `Invalid tune option "${options.option}": expected ${options.expected}, found ${JSON.stringify(options.value)}.` });
    this.option = options.option;
    this.value = options.value;
    this.expected = options.expected;
  }

  static override isInstance(value: unknown): value is InvalidTuneOptionError {
    return hasName(value, 'InvalidTuneOptionError');
  }
}

/** One setting on which a study directory and the requested search disagree. */
export interface StudyDifference {
  setting: string;
  study: unknown;
  requested: unknown;
}

/** The study directory holds a study of another search (space, sampler, seed, model, data…). */
export class StudyMismatchError extends TuneError {
  override readonly name = 'StudyMismatchError';
  readonly dir: string;
  readonly differences: readonly StudyDifference[];

  constructor(options: { dir: string; differences: readonly StudyDifference[] }) {
    const list = options.differences
      .map((d) => `${d.setting}: the study has ${JSON.stringify(d.study)}, this search asks for ${JSON.stringify(d.requested)}`)
      .join('; ');
    super({
      message:
        `The study in ${options.dir} belongs to another search (${list}). ` +
        'Resume it with the same settings, or give a new --study directory.',
    });
    this.dir = options.dir;
    this.differences = options.differences;
  }

  static override isInstance(value: unknown): value is StudyMismatchError {
    return hasName(value, 'StudyMismatchError');
  }
}

/** Another live process is running this study (its lock file names it). */
export class StudyLockedError extends TuneError {
  override readonly name = 'StudyLockedError';
  readonly dir: string;
  readonly pid: number;
  readonly host: string;

  constructor(options: { dir: string; pid: number; host: string }) {
    super({
      message:
        `The study in ${options.dir} is in use by process ${options.pid} on ${options.host}. ` +
        'Wait for it to finish or stop it (it resumes later), or use another --study directory. ' +
        'To spread one search over many processes, use --queue.',
    });
    this.dir = options.dir;
    this.pid = options.pid;
    this.host = options.host;
  }

  static override isInstance(value: unknown): value is StudyLockedError {
    return hasName(value, 'StudyLockedError');
  }
}

/** The directory given as a study is not one (another program's files, or an unreadable study.json). */
export class StudyDirError extends TuneError {
  override readonly name = 'StudyDirError';
  readonly dir: string;
  readonly problem: string;

  constructor(options: { dir: string; problem: string; cause?: unknown }) {
    super({ message: `Cannot use ${options.dir} as a study directory: ${options.problem}.`, cause: options.cause });
    this.dir = options.dir;
    this.problem = options.problem;
  }

  static override isInstance(value: unknown): value is StudyDirError {
    return hasName(value, 'StudyDirError');
  }
}

/** Redis (the `--queue` URL) cannot be reached, or the URL is not a redis:// URL. */
export class QueueUnavailableError extends TuneError {
  override readonly name = 'QueueUnavailableError';
  readonly url: string;

  constructor(options: { url: string; problem: string; cause?: unknown }) {
    super({
      message: `Cannot use the queue at ${options.url}: ${options.problem}. Start Redis there (redis-server), or fix the --queue URL.`,
      cause: options.cause,
    });
    this.url = options.url;
  }

  static override isInstance(value: unknown): value is QueueUnavailableError {
    return hasName(value, 'QueueUnavailableError');
  }
}
