import { createRng } from './create-rng';
import { InvalidOptionError } from './errors';
import { permutation } from './permutation';
import type { Split } from './split';
import { subset } from './subset';

/**
 * Splits off a validation set: `fraction` of the examples (rounded), chosen by a seeded shuffle.
 * Both results are copies; the same seed gives the same split.
 */
export function splitValidation(split: Split, fraction: number, seed: number): { train: Split; validation: Split } {
  if (!(fraction >= 0 && fraction < 1)) throw new InvalidOptionError('validation fraction', 'a number in [0, 1)', fraction);
  const order = permutation(split.count, createRng(seed));
  const validationCount = Math.round(split.count * fraction);
  const trainCount = split.count - validationCount;
  return {
    train: subset(split, order.subarray(0, trainCount)),
    validation: subset(split, order.subarray(trainCount)),
  };
}
