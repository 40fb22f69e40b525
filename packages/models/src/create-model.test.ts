import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { createModel } from './create-model.js';
import { InvalidModelOptionsError } from './invalid-model-options-error.js';
import { UnknownModelError } from './unknown-model-error.js';


describe('createModel', () => {
  it('throws UnknownModelError listing the valid names', () => {
    let error: unknown;
    try {
      createModel('resnet');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UnknownModelError);
    const unknown = error as UnknownModelError;
    expect(unknown.requested).toBe('resnet');
    expect(unknown.validNames).toEqual(['mlp', 'cnn-small', 'cnn', 'cnn-bn', 'cnn-fast']);
    expect(unknown.message).toContain('"resnet"');
    for (const name of unknown.validNames) expect(unknown.message).toContain(`"${name}"`);
  });

  it('does not accept inherited object keys as model names', () => {
    expect(() => createModel('toString')).toThrow(UnknownModelError);
  });

  it.each([
    [{ seed: -1 }, 'seed'],
    [{ seed: 1.5 }, 'seed'],
    [{ inputShape: [28, 28] as unknown as [number, number, number] }, 'inputShape'],
    [{ numClasses: 1 }, 'numClasses'],
  ])('rejects bad options %j with InvalidModelOptionsError', (options, option) => {
    const before = tf.memory().numTensors;
    expect(() => createModel('mlp', options)).toThrow(InvalidModelOptionsError);
    try {
      createModel('mlp', options);
    } catch (e) {
      expect((e as InvalidModelOptionsError).option).toBe(option);
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('returns an uncompiled model', () => {
    const model = createModel('cnn-small');
    expect(model.optimizer).toBeUndefined();
    model.dispose();
  });
});
