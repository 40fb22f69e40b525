import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectClose, fixture, onBackend, useWasm } from './backend-test-helpers.js';

beforeAll(useWasm);

function poolGrad(
  shape: [number, number, number, number],
  filterSize: number,
  strides: number,
  pad: 'same' | 'valid',
  relu: boolean,
): Float32Array {
  return tf.tidy(() => {
    let x: tf.Tensor4D = tf.tensor4d(fixture(tf.util.sizeFromShape(shape), 11), shape);
    // ReLU makes many windows all-zero: the tie rule (first maximum) decides where dy goes.
    if (relu) x = tf.relu(x);
    const outShape = tf.maxPool(x, filterSize, strides, pad).shape;
    const r = tf.tensor(fixture(tf.util.sizeFromShape(outShape), 12), outShape);
    const dx = tf.grad((a: tf.Tensor) => tf.sum(tf.mul(tf.maxPool(a as tf.Tensor4D, filterSize, strides, pad), r)))(x);
    return dx.dataSync() as Float32Array;
  });
}

describe('MaxPoolGrad on wasm matches cpu', () => {
  const cases = [
    { name: '2x2 stride 2 valid (fast path)', shape: [3, 8, 8, 5], filter: 2, stride: 2, pad: 'valid', relu: false },
    { name: '2x2 stride 2 valid, odd size, ReLU ties', shape: [2, 9, 7, 3], filter: 2, stride: 2, pad: 'valid', relu: true },
    { name: '2x2 stride 2 same, odd size', shape: [2, 7, 7, 4], filter: 2, stride: 2, pad: 'same', relu: false },
    { name: '3x3 stride 2 same (overlapping windows)', shape: [2, 9, 9, 3], filter: 3, stride: 2, pad: 'same', relu: true },
    { name: '2x2 stride 1 valid', shape: [1, 6, 6, 2], filter: 2, stride: 1, pad: 'valid', relu: false },
  ] as const;
  it.each(cases)('$name', async (c) => {
    const run = () => poolGrad([...c.shape], c.filter, c.stride, c.pad, c.relu);
    const cpu = await onBackend('cpu', run);
    expectClose(await onBackend('wasm', run), cpu, 'max-pool gradient');
    expect(cpu.some((v) => v !== 0)).toBe(true);
  });

  it('follows cpu on NaN, -Infinity and infinite gradients (2x2 fast path fallbacks)', async () => {
    const values = fixture(2 * 4 * 4 * 2, 13);
    values[0] = Number.NaN; // a NaN inside a window: never the maximum
    for (const i of [4, 6, 12, 14]) values[i] = Number.NEGATIVE_INFINITY; // a window of -Infinity: no gradient
    values[9] = values[1]!; // a tie with the window's first element: the first one wins
    const dyValues = fixture(2 * 2 * 2 * 2, 14);
    dyValues[3] = Number.POSITIVE_INFINITY;
    const run = () =>
      tf.tidy(() => {
        const x = tf.tensor4d(values, [2, 4, 4, 2]);
        const output = tf.maxPool(x, 2, 2, 'valid');
        const dy = tf.tensor4d(dyValues, [2, 2, 2, 2]);
        const dx = tf.engine().runKernel(tf.MaxPoolGrad, { dy, input: x, output }, { filterSize: 2, strides: 2, pad: 'valid' });
        return Array.from((dx as tf.Tensor).dataSync());
      });
    expect(await onBackend('wasm', run)).toEqual(await onBackend('cpu', run));
  });
});
