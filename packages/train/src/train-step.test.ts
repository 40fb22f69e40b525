import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { createOptimizer } from './create-optimizer.js';
import { crossEntropy, measure, smoothedTargets, trainStep } from './train-step.js';

const ROWS = 4;
const COLS = 4;
const CLASSES = 2;


/** 64 4x4 images: class 0 is bright on the left half, class 1 on the right half. */
function toyBatch(): { images: Float32Array; labels: Uint8Array; size: number } {
  const size = 64;
  const images = new Float32Array(size * ROWS * COLS);
  const labels = new Uint8Array(size);
  for (let i = 0; i < size; i++) {
    labels[i] = i % 2;
    for (let r = 0; r < ROWS; r++) {
      for (let c = 0; c < COLS; c++) {
        const bright = (c < COLS / 2) === (labels[i] === 0);
        images[i * ROWS * COLS + r * COLS + c] = bright ? 0.6 + ((i * 7 + r + c) % 5) / 10 : ((i + r * c) % 3) / 10;
      }
    }
  }
  return { images, labels, size };
}

function toyModel(): tf.LayersModel {
  return tf.sequential({
    layers: [
      tf.layers.flatten({ inputShape: [ROWS, COLS, 1] }),
      tf.layers.dense({ units: CLASSES, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) }),
    ],
  });
}

describe('crossEntropy / smoothedTargets', () => {
  it('matches -log(p) of the true class and smooths targets to sum 1', () => {
    tf.tidy(() => {
      const p = tf.tensor2d([[0.25, 0.75]]);
      const t = smoothedTargets(tf.tensor1d([1], 'int32'), 2, 0);
      expect(crossEntropy(p, t).dataSync()[0]).toBeCloseTo(-Math.log(0.75), 6);
      const s = smoothedTargets(tf.tensor1d([1], 'int32'), 2, 0.2).dataSync();
      expect(Array.from(s).map((v) => Number(v.toFixed(6)))).toEqual([0.1, 0.9]);
    });
  });
});

describe('trainStep', () => {
  it('lowers the loss on a separable toy problem and leaks no tensors', () => {
    const model = toyModel();
    const optimizer = createOptimizer('adam', 0.05);
    const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
    const batch = toyBatch();
    const opts = { rows: ROWS, cols: COLS, numClasses: CLASSES, labelSmoothing: 0 };
    const first = trainStep(model, optimizer, variables, batch, opts);
    const afterFirst = tf.memory().numTensors;
    let last = first;
    for (let i = 0; i < 30; i++) last = trainStep(model, optimizer, variables, batch, opts);
    expect(tf.memory().numTensors).toBe(afterFirst);
    expect(last.loss).toBeLessThan(first.loss * 0.5);
    expect(last.acc).toBe(1);
    const split = { images: Uint8Array.from(batch.images, (v) => Math.round(v * 255)), labels: batch.labels, count: batch.size };
    const measured = measure(model, split, { rows: ROWS, cols: COLS, numClasses: CLASSES, batchSize: 10 });
    expect(measured.acc).toBe(1);
    expect(tf.memory().numTensors).toBe(afterFirst);
    model.dispose();
    optimizer.dispose();
  });
});
