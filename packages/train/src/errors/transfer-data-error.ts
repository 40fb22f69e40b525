import { TrainError } from './train-error.js';

/** What is wrong with fine-tuning data. */
export type TransferDataProblem =
  | 'unreadable-image'
  | 'blank-image'
  | 'empty-class'
  | 'too-few-classes'
  | 'unknown-class'
  | 'not-a-directory'
  | 'invalid-arrays';

const MARKER = Symbol.for('mnist.train.transfer-data-error');

/**
 * Labelled data for fine-tuning cannot be used: an image that cannot be read or holds no digit, a class
 * folder without images, fewer than two classes, or a class the base model does not have while its head
 * is kept. `path` names the file or folder at fault.
 */
export class TransferDataError extends TrainError {
  override name = 'TransferDataError' as const;
  readonly problem: TransferDataProblem;
  /** The file or folder at fault (or `arrays` for in-memory data). */
  readonly path: string;
  readonly [MARKER] = true;

  constructor(options: { problem: TransferDataProblem; path: string; message: string; cause?: unknown }) {
    super(options.message, options.cause === undefined ? undefined : { cause: options.cause });
    this.problem = options.problem;
    this.path = options.path;
  }

  /** True for a TransferDataError from any copy of this package (ESM or CJS build). */
  static isInstance(value: unknown): value is TransferDataError {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[MARKER] === true;
  }
}
