import { type CreateModelOptions, MNIST_CLASS_COUNT, MNIST_INPUT_SHAPE } from './create-model-options.js';
import { InvalidModelOptionsError } from './invalid-model-options-error.js';

/** Largest seed accepted (seeds are mixed as unsigned 32-bit integers). */
export const MAX_MODEL_SEED = 0xffff_ffff;

/** Options after defaults and validation. */
export interface ResolvedModelOptions {
  seed: number | undefined;
  inputShape: [number, number, number];
  numClasses: number;
}

/** Applies defaults and checks the options, throwing InvalidModelOptionsError on bad values. */
export function resolveModelOptions(options: CreateModelOptions = {}): ResolvedModelOptions {
  const { seed, inputShape = [...MNIST_INPUT_SHAPE] as [number, number, number], numClasses = MNIST_CLASS_COUNT } = options;
  if (seed !== undefined && !(Number.isInteger(seed) && seed >= 0 && seed <= MAX_MODEL_SEED)) {
    throw new InvalidModelOptionsError('seed', `an integer from 0 to ${MAX_MODEL_SEED}`, seed);
  }
  if (!Array.isArray(inputShape) || inputShape.length !== 3 || !inputShape.every((d) => Number.isInteger(d) && d > 0)) {
    throw new InvalidModelOptionsError('inputShape', '[rows, cols, channels] of positive integers', inputShape);
  }
  if (!(Number.isInteger(numClasses) && numClasses >= 2)) {
    throw new InvalidModelOptionsError('numClasses', 'an integer of at least 2', numClasses);
  }
  return { seed, inputShape: [inputShape[0], inputShape[1], inputShape[2]], numClasses };
}
