import { TrainError } from '../../errors/train-error.js';

/** A data-parallel gradient worker failed to start or to compute a step. */
export class GradientWorkerError extends TrainError {
  override name = 'GradientWorkerError';
  /** Index of the worker that failed. */
  readonly worker: number;

  constructor(worker: number, problem: string) {
    super(
      `Expected gradient worker ${worker} to compute its share of the batch, but it failed: ${problem}. ` +
        'Train without data parallelism (workers: 1), or report the error with the model and backend used.',
    );
    this.worker = worker;
  }
}
