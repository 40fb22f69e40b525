import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectClose, fixture, onBackend, useWasm } from './backend-test-helpers.js';

beforeAll(useWasm);

describe('Sum and Mean on wasm match cpu', () => {
  const cases = [
    { shape: [4, 5, 6, 3], axis: [0, 1, 2], keepDims: false },
    { shape: [4, 5, 6, 3], axis: [2, 0, 1], keepDims: true },
    { shape: [7, 3], axis: 0, keepDims: false },
    { shape: [4, 5, 6], axis: -1, keepDims: false },
    { shape: [4, 5, 6], axis: [0, 2], keepDims: false },
    { shape: [4, 5], axis: [0, 1], keepDims: false },
  ] as const;
  it.each(cases)('shape $shape, axis $axis, keepDims $keepDims', async (c) => {
    const run = () =>
      tf.tidy(() => {
        const x = tf.tensor(fixture(tf.util.sizeFromShape([...c.shape]), 31), [...c.shape]);
        const s = tf.sum(x, c.axis as number | number[], c.keepDims);
        const m = tf.mean(x, c.axis as number | number[], c.keepDims);
        return { shape: s.shape, values: s.dataSync() as Float32Array, mean: m.dataSync() as Float32Array };
      });
    const cpu = await onBackend('cpu', run);
    const wasm = await onBackend('wasm', run);
    expect(wasm.shape).toEqual(cpu.shape);
    expectClose(wasm.values, cpu.values, 'sum');
    expectClose(wasm.mean, cpu.mean, 'mean');
  });

  it('leaves int32 sums exact', async () => {
    const values = await onBackend('wasm', () => tf.tidy(() => Array.from(tf.sum(tf.tensor2d([1, 2, 3, 4, 5, 6], [3, 2], 'int32'), 0).dataSync())));
    expect(values).toEqual([9, 12]);
  });
});
