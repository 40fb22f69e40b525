import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { createModel } from './create-model.js';
import { MODEL_NAMES, MODELS, type ModelName } from './models.js';


// Parameter counts from the layer formulas, independent of tfjs' own counting.
const conv = (kernel: number, inChannels: number, filters: number, bias = true) => (kernel * kernel * inChannels + (bias ? 1 : 0)) * filters;
const dense = (inputs: number, units: number, bias = true) => (inputs + (bias ? 1 : 0)) * units;
const batchNorm = (channels: number) => ({ trainable: 2 * channels, nonTrainable: 2 * channels });

// 28 → conv3 valid 26 → pool 13 → conv3 valid 11 → pool 5: 5*5*64 flattened features.
const SIMPLE_CNN_FEATURES = 5 * 5 * 64;
// cnn-bn: 28 same → pool 14 → valid 12 → pool 6 → valid 4: 4*4*64 features.
const CNN_BN_FEATURES = 4 * 4 * 64;
const bnChannels = [32, 48, 64, 128];
// cnn-fast: 28 → conv5 valid 24 → pool 12 → conv5 valid 8 → pool 4: 4*4*32 features.
const CNN_FAST_FEATURES = 4 * 4 * 32;

const expected: Record<ModelName, { trainable: number; nonTrainable: number }> = {
  mlp: { trainable: dense(784, 128) + dense(128, 128) + dense(128, 10), nonTrainable: 0 },
  'cnn-small': { trainable: conv(3, 1, 32) + conv(3, 32, 64) + dense(SIMPLE_CNN_FEATURES, 64) + dense(64, 10), nonTrainable: 0 },
  cnn: { trainable: conv(3, 1, 32) + conv(3, 32, 64) + dense(SIMPLE_CNN_FEATURES, 128) + dense(128, 10), nonTrainable: 0 },
  'cnn-fast': { trainable: conv(5, 1, 16) + conv(5, 16, 32) + dense(CNN_FAST_FEATURES, 64) + dense(64, 10), nonTrainable: 0 },
  'cnn-bn': {
    trainable:
      conv(3, 1, 32, false) +
      conv(3, 32, 48, false) +
      conv(3, 48, 64, false) +
      dense(CNN_BN_FEATURES, 128, false) +
      dense(128, 10) +
      bnChannels.reduce((t, c) => t + batchNorm(c).trainable, 0),
    nonTrainable: bnChannels.reduce((t, c) => t + batchNorm(c).nonTrainable, 0),
  },
};

function countVariables(weights: readonly tf.LayerVariable[]): number {
  return weights.reduce((t, w) => t + w.shape.reduce<number>((p, d) => p * (d ?? 0), 1), 0);
}

/** Deterministic pseudo-random images in [0, 1]. */
function images(batch: number): tf.Tensor4D {
  const values = new Float32Array(batch * 28 * 28);
  for (let i = 0; i < values.length; i++) values[i] = ((i * 7919) % 256) / 255;
  return tf.tensor4d(values, [batch, 28, 28, 1]);
}

describe.each(MODEL_NAMES)('model %s', (name) => {
  it('maps [batch, 28, 28, 1] to a softmax over 10 classes', () => {
    const model = createModel(name, { seed: 1 });
    const x = images(3);
    const y = model.predict(x) as tf.Tensor;
    expect(y.shape).toEqual([3, 10]);
    const probabilities = y.arraySync() as number[][];
    for (const row of probabilities) {
      expect(row.every((p) => p >= 0 && p <= 1)).toBe(true);
      expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    }
    tf.dispose([x, y]);
    model.dispose();
  });

  it('has the parameter count given by the layer formulas', () => {
    const model = createModel(name);
    expect(countVariables(model.trainableWeights)).toBe(expected[name].trainable);
    expect(countVariables(model.nonTrainableWeights)).toBe(expected[name].nonTrainable);
    expect(model.countParams()).toBe(expected[name].trainable + expected[name].nonTrainable);
    model.dispose();
  });

  it('builds identical weights from the same seed and different weights from another', () => {
    const weights = (seed: number) => {
      const model = createModel(name, { seed });
      const values = model.getWeights().map((w) => Array.from(w.dataSync()));
      model.dispose();
      return values;
    };
    const a = weights(42);
    expect(weights(42)).toEqual(a);
    expect(weights(43)).not.toEqual(a);
  });

  it('honours inputShape and numClasses', () => {
    const model = MODELS[name].create({ inputShape: [32, 32, 3], numClasses: 5 });
    expect(model.inputs[0]?.shape).toEqual([null, 32, 32, 3]);
    expect(model.outputs[0]?.shape).toEqual([null, 5]);
    model.dispose();
  });

  it('leaks no tensors when created, run and disposed repeatedly', () => {
    const run = () => {
      const model = createModel(name, { seed: 7 });
      tf.tidy(() => {
        model.predict(images(2));
      });
      model.dispose();
    };
    run();
    const before = tf.memory().numTensors;
    run();
    run();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('cnn-bn', () => {
  it('uses batch normalisation and dropout, built only from standard layers', () => {
    const model = createModel('cnn-bn');
    const classes = model.layers.map((l) => l.getClassName());
    expect(classes).toContain('BatchNormalization');
    expect(classes).toContain('Dropout');
    const standard = new Set(['Conv2D', 'BatchNormalization', 'Activation', 'MaxPooling2D', 'Flatten', 'Dropout', 'Dense']);
    expect(classes.filter((c) => !standard.has(c))).toEqual([]);
    const momenta = model.layers.filter((l) => l.getClassName() === 'BatchNormalization').map((l) => l.getConfig().momentum);
    expect(momenta).toEqual([0.9, 0.9, 0.9, 0.9]);
    model.dispose();
  });

  it('is non-deterministic only in training mode (dropout), deterministic in inference', () => {
    const model = createModel('cnn-bn', { seed: 3 });
    const x = images(2);
    const a = model.predict(x) as tf.Tensor;
    const b = model.predict(x) as tf.Tensor;
    expect(Array.from(a.dataSync())).toEqual(Array.from(b.dataSync()));
    tf.dispose([x, a, b]);
    model.dispose();
  });
});
