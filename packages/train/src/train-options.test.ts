import { describe, expect, it } from 'vitest';
import { InvalidOptionError } from './errors/index.js';
import { PRESETS } from './presets.js';
import { resolveTrainOptions } from './train-options.js';

function errorOf(fn: () => unknown): InvalidOptionError {
  try {
    fn();
  } catch (error) {
    if (error instanceof InvalidOptionError) return error;
    throw error;
  }
  throw new Error('expected an InvalidOptionError');
}

describe('resolveTrainOptions', () => {
  it('fills the fast preset by default and lets explicit options override a preset', () => {
    const defaults = resolveTrainOptions({});
    expect(defaults).toMatchObject({ preset: 'fast', model: PRESETS.fast.model, epochs: PRESETS.fast.epochs, seed: 42, backend: 'auto' });
    const tutorial = resolveTrainOptions({ preset: 'tutorial', epochs: 2 });
    expect(tutorial).toMatchObject({ model: 'cnn', learningRate: 0.001, schedule: 'constant', epochs: 2 });
    expect(resolveTrainOptions({ augment: true }).augment).toEqual(PRESETS.best.augment);
    expect(resolveTrainOptions({ preset: 'best', augment: false }).augment).toBe(false);
  });

  it.each([
    ['epochs', { epochs: 0 }, 'a positive integer'],
    ['epochs', { epochs: 1.5 }, 'a positive integer'],
    ['batchSize', { batchSize: -3 }, 'a positive integer'],
    ['batchSize', { batchSize: Number.NaN }, 'a positive integer'],
    ['limit', { limit: 0 }, 'a positive integer'],
    ['validationSplit', { validationSplit: 1 }, '[0, 1)'],
    ['labelSmoothing', { labelSmoothing: -0.1 }, '[0, 1)'],
    ['learningRate', { learningRate: 0 }, 'a positive number'],
    ['seed', { seed: -1 }, 'an integer from 0'],
    ['model', { model: 'resnet' }, 'one of mlp'],
    ['dataset', { dataset: 'cifar' }, 'one of mnist, fashion-mnist'],
    ['optimizer', { optimizer: 'lbfgs' }, 'one of adam'],
    ['schedule', { schedule: 'step' }, 'one of constant, cosine, one-cycle'],
    ['backend', { backend: 'gpu' }, 'one of auto'],
    ['preset', { preset: 'huge' }, 'one of fast, best, robust, tutorial'],
    ['augment.rotation', { augment: { rotation: -5 } }, 'a non-negative number'],
    ['augment.stroke', { augment: { stroke: { thin: 0.5, thicken: 9 } } }, 'pixels per side in [0, 3]'],
    ['augment.stroke', { augment: { stroke: 'thick' } }, 'pixels per side in [0, 3]'],
    ['resume', { resume: true }, 'outDir or checkpointDir'],
  ])('rejects a bad %s with an InvalidOptionError naming the option, value and what is allowed', (option, bad, allowed) => {
    const error = errorOf(() => resolveTrainOptions(bad as never));
    expect(error.option).toBe(option);
    expect(error.message).toContain(option);
    expect(error.message).toContain(allowed);
    expect(error.allowed).toContain(allowed);
  });
});
