import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { ACTIVATIONS } from './create-model-options.js';
import { createModel } from './create-model.js';
import { InvalidModelOptionsError } from './invalid-model-options-error.js';
import { MODEL_NAMES } from './models.js';


const CONVOLUTIONS: Record<string, number> = { mlp: 0, 'cnn-small': 2, cnn: 2, 'cnn-bn': 3, 'cnn-fast': 2 };

function activations(model: tf.LayersModel): string[] {
  return model.layers
    .filter((l) => l.name !== 'output')
    .map((l) => (l.getConfig() as { activation?: string }).activation)
    .filter((a): a is string => a !== undefined && a !== 'linear');
}

describe('architecture options', () => {
  it.each(MODEL_NAMES)('%s builds with every activation, and the default is unchanged', (name) => {
    const base = createModel(name, { seed: 1 });
    const baseParams = base.countParams();
    expect(new Set(activations(base))).toEqual(new Set(['relu']));
    base.dispose();
    for (const activation of ACTIVATIONS) {
      const model = createModel(name, { seed: 1, activation });
      expect(new Set(activations(model))).toEqual(new Set([activation === 'silu' ? 'swish' : activation]));
      expect(model.countParams()).toBe(baseParams);
      const y = tf.tidy(() => model.predict(tf.zeros([2, 28, 28, 1])) as tf.Tensor);
      expect(y.shape).toEqual([2, 10]);
      y.dispose();
      model.dispose();
    }
  });

  it.each(MODEL_NAMES)('%s takes filters, dense units, dropout and batch norm', (name) => {
    const filters = Array.from({ length: CONVOLUTIONS[name] ?? 0 }, (_, i) => 4 * (i + 1));
    const model = createModel(name, { seed: 1, ...(filters.length > 0 ? { filters } : {}), denseUnits: 12, dropout: 0.3, batchNorm: true });
    const convs = model.layers.filter((l) => l.name.startsWith('conv') && !l.name.includes('_'));
    expect(convs.map((l) => (l.getConfig() as { filters: number }).filters)).toEqual(filters);
    expect((model.getLayer('dense1').getConfig() as { units: number }).units).toBe(12);
    expect(model.layers.some((l) => l.getClassName() === 'BatchNormalization')).toBe(true);
    expect(model.layers.some((l) => l.getClassName() === 'Dropout' && (l.getConfig() as { rate: number }).rate === 0.3)).toBe(true);
    const y = tf.tidy(() => model.predict(tf.zeros([1, 28, 28, 1])) as tf.Tensor);
    expect(y.shape).toEqual([1, 10]);
    y.dispose();
    model.dispose();
  });

  it('turns batch norm off in cnn-bn', () => {
    const model = createModel('cnn-bn', { seed: 1, batchNorm: false });
    expect(model.layers.some((l) => l.getClassName() === 'BatchNormalization')).toBe(false);
    model.dispose();
  });

  it.each([
    ['cnn-fast', { activation: 'tanh' }, 'activation'],
    ['cnn-fast', { filters: [8] }, 'filters'],
    ['cnn-fast', { filters: [8, 0] }, 'filters[1]'],
    ['mlp', { filters: [8, 16] }, 'filters'],
    ['cnn', { denseUnits: 1.5 }, 'denseUnits'],
    ['cnn', { dropout: 1 }, 'dropout'],
    ['cnn', { batchNorm: 'yes' }, 'batchNorm'],
  ])('%s rejects %j', (name, options, option) => {
    const before = tf.memory().numTensors;
    let error: unknown;
    try {
      createModel(name, options as never).dispose();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidModelOptionsError);
    expect((error as InvalidModelOptionsError).option).toBe(option);
    expect(tf.memory().numTensors).toBe(before);
  });
});
