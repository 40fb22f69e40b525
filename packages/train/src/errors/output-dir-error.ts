import { TrainError } from './train-error.js';

const MARKER = Symbol.for('mnist.train.output-dir-error');

/**
 * Why an output directory cannot be used, so that a front end (the `mnist` command) can word the fix in
 * its own terms:
 * - `empty-path`: the path is an empty string;
 * - `not-a-directory`: the path, or a part of it, is a file;
 * - `dangling-symlink`: the path is a symbolic link to something that does not exist;
 * - `not-writable`: no file can be created there (permissions, a read-only or pseudo file system);
 * - `not-empty`: the directory holds files that are not a previous output of this kind (listed in `entries`);
 * - `holds-output`: the directory holds a previous output of this kind (listed in `entries`) and
 *   `overwrite` was not set;
 * - `unfinished-run`: the directory holds the checkpoint of an unfinished training run.
 */
export type OutputDirReason = 'empty-path' | 'not-a-directory' | 'dangling-symlink' | 'not-writable' | 'not-empty' | 'holds-output' | 'unfinished-run';

/** Options of {@link OutputDirError}. */
export interface OutputDirErrorOptions {
  /** The output directory as it was given. */
  dir: string;
  reason: OutputDirReason;
  /** What is wrong, in words (e.g. "it holds 3 files that are not model files: a.png, b.png, notes.txt"). */
  problem: string;
  /** What to do next, in the library's terms. */
  fix: string;
  /** The entries that are in the way (`not-empty`, `holds-output`), or the path at fault. */
  entries?: readonly string[];
  cause?: unknown;
}

/** The output directory cannot be used: a file in the way, not writable, not empty, or it holds an earlier output. */
export class OutputDirError extends TrainError {
  override readonly name = 'OutputDirError';
  readonly dir: string;
  readonly reason: OutputDirReason;
  readonly problem: string;
  readonly entries: readonly string[];

  constructor(options: OutputDirErrorOptions) {
    super(`Cannot use output directory ${options.dir === '' ? '""' : options.dir}: ${options.problem}. ${options.fix}`, { cause: options.cause });
    this.dir = options.dir;
    this.reason = options.reason;
    this.problem = options.problem;
    this.entries = options.entries ?? [];
    Object.defineProperty(this, MARKER, { value: true });
  }

  /** True for an OutputDirError from any copy of this package (ESM or CJS build, duplicated installs). */
  static isInstance(value: unknown): value is OutputDirError {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[MARKER] === true;
  }
}
