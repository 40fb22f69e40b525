import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixture, onBackend, useWasm } from './backend-test-helpers.js';

beforeAll(useWasm);

describe('Tile on wasm matches cpu exactly', () => {
  const cases = [
    { shape: [1, 1, 1, 5], reps: [3, 4, 2, 1] },
    { shape: [2, 3], reps: [3, 2] },
    { shape: [2, 1, 3], reps: [1, 4, 2] },
    { shape: [4], reps: [1] },
    { shape: [2, 2], reps: [0, 3] },
  ];
  it.each(cases)('shape $shape, reps $reps', async ({ shape, reps }) => {
    for (const dtype of ['float32', 'int32'] as const) {
      const run = () =>
        tf.tidy(() => {
          const data = fixture(tf.util.sizeFromShape(shape), 41).map((v) => Math.round(v * 100));
          const t = tf.tile(tf.tensor(data, shape, dtype), reps);
          return { shape: t.shape, values: Array.from(t.dataSync()) };
        });
      const cpu = await onBackend('cpu', run);
      expect(await onBackend('wasm', run)).toEqual(cpu);
    }
  });

  it('falls back to the backend kernel for bool tensors', async () => {
    const values = await onBackend('wasm', () => tf.tidy(() => Array.from(tf.tile(tf.tensor1d([true, false], 'bool'), [2]).dataSync())));
    expect(values).toEqual([1, 0, 1, 0]);
  });
});
