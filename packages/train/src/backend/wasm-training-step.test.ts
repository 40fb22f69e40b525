import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createModel } from '@mnist/models';
import { expectClose, fixture, onBackend, useWasm } from './backend-test-helpers.js';

beforeAll(useWasm);

const BATCH = 6;
const CLASSES = 10;
const LABEL_SMOOTHING = 0.1;
const STEPS = 2;

type Architecture = 'mlp' | 'cnn' | 'bn-dropout';

/** Small versions of the package's architectures; weights come from `fixture`, not initialisers. */
function build(architecture: Architecture): tf.LayersModel {
  const layers: tf.layers.Layer[] = [];
  if (architecture === 'mlp') {
    layers.push(
      tf.layers.flatten({ inputShape: [13, 13, 1] }),
      tf.layers.dense({ units: 16, activation: 'relu' }),
      tf.layers.dense({ units: CLASSES }),
    );
  } else if (architecture === 'cnn') {
    layers.push(
      tf.layers.conv2d({ inputShape: [13, 13, 1], filters: 4, kernelSize: 3, padding: 'same', activation: 'relu' }),
      tf.layers.conv2d({ filters: 6, kernelSize: 3, strides: 2, padding: 'valid', activation: 'relu' }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.conv2d({ filters: 5, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu' }),
      tf.layers.flatten(),
      tf.layers.dense({ units: CLASSES }),
    );
  } else {
    layers.push(
      tf.layers.conv2d({ inputShape: [13, 13, 1], filters: 4, kernelSize: 3, padding: 'same', useBias: false }),
      tf.layers.batchNormalization(),
      tf.layers.reLU(),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.flatten(),
      tf.layers.dropout({ rate: 0.3, seed: 7 }),
      tf.layers.dense({ units: CLASSES }),
    );
  }
  const model = tf.sequential({ layers });
  model.setWeights(model.getWeights().map((w, i) => tf.tensor(fixture(w.size, 100 + i), w.shape)));
  return model;
}

/** `STEPS` optimizer steps of softmax cross-entropy with label smoothing; returns losses and final weights. */
function train(architecture: Architecture, optimizerName: 'adam' | 'momentum'): { losses: number[]; weights: Float32Array[] } {
  const model = build(architecture);
  const optimizer = optimizerName === 'adam' ? tf.train.adam(0.01) : tf.train.momentum(0.05, 0.9);
  const x = tf.tensor4d(fixture(BATCH * 13 * 13, 1).map((v) => (v + 1) / 2), [BATCH, 13, 13, 1]);
  const labels = tf.oneHot(tf.tensor1d([3, 1, 4, 1, 5, 9], 'int32'), CLASSES);
  const losses: number[] = [];
  for (let step = 0; step < STEPS; step++) {
    const loss = optimizer.minimize(
      () =>
        tf.losses.softmaxCrossEntropy(labels, model.apply(x, { training: true }) as tf.Tensor, undefined, LABEL_SMOOTHING),
      true,
    );
    losses.push(loss!.dataSync()[0]!);
    loss!.dispose();
  }
  // Non-trainable weights too: the batch-norm moving statistics.
  const weights = model.getWeights().map((w) => w.dataSync() as Float32Array);
  tf.dispose([x, labels]);
  optimizer.dispose();
  model.dispose();
  return { losses, weights };
}

describe('a full training step runs on wasm and matches cpu', () => {
  const cases = (['mlp', 'cnn', 'bn-dropout'] as const).flatMap((architecture) =>
    (['adam', 'momentum'] as const).map((optimizer) => ({ architecture, optimizer })),
  );
  it.each(cases)('$architecture with $optimizer', async ({ architecture, optimizer }) => {
    const cpu = await onBackend('cpu', () => train(architecture, optimizer));
    const wasm = await onBackend('wasm', () => train(architecture, optimizer));
    expectClose(wasm.losses, cpu.losses, 'losses');
    expect(wasm.weights.length).toBe(cpu.weights.length);
    for (const [i, w] of cpu.weights.entries()) expectClose(wasm.weights[i]!, w, `weight ${i} after ${STEPS} steps`);
    // Training moved: the second loss differs from the first.
    expect(cpu.losses[1]).not.toBeCloseTo(cpu.losses[0]!, 4);
  });
});

describe("the package's models get the same gradients on wasm as on cpu", () => {
  // The real layer shapes reach the specialised paths (SIMD first-layer filter gradient,
  // 16 and 32 channel pools and bias sums) that the small networks above do not.
  it.each(['cnn-small', 'cnn-fast', 'cnn-bn'] as const)('%s, batch 8', async (name) => {
    const gradients = () =>
      tf.tidy(() => {
        const model = createModel(name, { seed: 1 });
        // Dropout off: the masks would differ between backends.
        for (const layer of model.layers) if (layer.getClassName() === 'Dropout') (layer as unknown as { rate: number }).rate = 0;
        const x = tf.tensor4d(fixture(8 * 28 * 28, 3).map((v) => (v + 1) / 2), [8, 28, 28, 1]);
        const labels = tf.oneHot(tf.tensor1d([3, 1, 4, 1, 5, 9, 2, 6], 'int32'), CLASSES);
        const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
        const { grads } = tf.variableGrads(
          () => tf.losses.softmaxCrossEntropy(labels, model.apply(x, { training: true }) as tf.Tensor) as tf.Scalar,
          variables,
        );
        const out = variables.map((v) => grads[v.name]!.dataSync() as Float32Array);
        model.dispose();
        return out;
      });
    const cpu = await onBackend('cpu', gradients);
    const wasm = await onBackend('wasm', gradients);
    expect(wasm.length).toBe(cpu.length);
    for (const [i, g] of cpu.entries()) expectClose(wasm[i]!, g, `${name} gradient ${i}`);
    expect(Math.max(...cpu[0]!.map(Math.abs))).toBeGreaterThan(1e-3);
  });
});
