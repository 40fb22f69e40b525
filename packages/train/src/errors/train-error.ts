/** Base class of every error thrown by the training loop of `@mnist/train`. */
export class TrainError extends Error {
  override name = 'TrainError';
}
