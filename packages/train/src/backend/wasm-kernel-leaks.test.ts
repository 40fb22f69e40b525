import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixture, useWasm } from './backend-test-helpers.js';

beforeAll(useWasm);

const WARM_UP_CALLS = 3;
const MEASURED_CALLS = 20;

/** Backend-side counts: tensors the engine tracks, buffers the wasm backend holds, wasm heap bytes. */
function usage(): { tensors: number; dataIds: number; heapBytes: number } {
  const backend = tf.backend() as BackendWasm;
  return { tensors: tf.memory().numTensors, dataIds: backend.numDataIds(), heapBytes: (backend.wasm as unknown as { HEAPU8: Uint8Array }).HEAPU8.length };
}

/** Calls `step` repeatedly and asserts nothing accumulates (the heap may only grow during warm-up). */
function expectNoGrowth(step: () => void): void {
  for (let i = 0; i < WARM_UP_CALLS; i++) step();
  const before = usage();
  for (let i = 0; i < MEASURED_CALLS; i++) step();
  expect(usage()).toEqual(before);
}

describe('the wasm kernels free everything they allocate', () => {
  const x = () => tf.tensor4d(fixture(4 * 9 * 9 * 3, 1), [4, 9, 9, 3]);

  it.each([
    ['Conv2DBackpropFilter, stride 1 same', 1, 'same', 5],
    ['Conv2DBackpropFilter, stride 2 valid (cropping path)', 2, 'valid', 5],
    ['Conv2DBackpropFilter, im2col path', 1, 'valid', 40],
  ] as const)('%s', (_, stride, pad, filters) => {
    expectNoGrowth(() =>
      tf.tidy(() => {
        const input = x();
        const dy = tf.ones(tf.conv2d(input, tf.zeros([3, 3, 3, filters]) as tf.Tensor4D, stride, pad).shape);
        tf.engine().runKernel(tf.Conv2DBackpropFilter, { x: input, dy }, {
          strides: [stride, stride],
          pad,
          dataFormat: 'NHWC',
          filterShape: [3, 3, 3, filters],
        });
      }),
    );
  });

  it('Conv2DBackpropInput, XNNPACK and col2im paths', () => {
    expectNoGrowth(() =>
      tf.tidy(() => {
        for (const filters of [5, 40]) {
          tf.engine().runKernel(
            tf.Conv2DBackpropInput,
            { dy: tf.ones([4, 9, 9, filters]), filter: tf.ones([3, 3, 3, filters]) },
            { strides: [1, 1], pad: 'same', dataFormat: 'NHWC', inputShape: [4, 9, 9, 3] },
          );
        }
      }),
    );
  });

  it('Tile, Sum, Mean, Identity and Cast', () => {
    const input = x();
    const wide = tf.tensor4d(fixture(4 * 9 * 9 * 8, 4), [4, 9, 9, 8]); // rows of 8: the SIMD sum
    expectNoGrowth(() =>
      tf.tidy(() => {
        tf.tile(tf.sum(input, [0, 1, 2], true), [4, 9, 9, 1]);
        tf.mean(input, [0, 1]);
        tf.sum(wide, [0, 1, 2]);
        tf.mean(wide, [0, 1]);
        tf.clone(tf.clone(input)).dispose();
        tf.cast(tf.cast(input, 'float32'), 'int32');
      }),
    );
    wide.dispose();
    // A clone shares the buffer but outlives its source.
    const copy = tf.tidy(() => tf.clone(tf.add(input, 1)));
    expect(Array.from(copy.dataSync().slice(0, 3))).toEqual(Array.from(input.dataSync().slice(0, 3)).map((v) => Math.fround(v + 1)));
    copy.dispose();
    input.dispose();
  });

  it('gradients of conv2d (stride 2: dilated input-gradient path), max pool, dense and bias', () => {
    const w = tf.variable(tf.tensor4d(fixture(3 * 3 * 3 * 4, 2), [3, 3, 3, 4]));
    const b = tf.variable(tf.zeros([4]));
    const d = tf.variable(tf.tensor2d(fixture(2 * 2 * 4 * 6, 3), [2 * 2 * 4, 6]));
    const input = x();
    expectNoGrowth(() => {
      const { value, grads } = tf.variableGrads(() => {
        const h = tf.relu(tf.add(tf.conv2d(input, w, 2, 'same'), b));
        const p = tf.maxPool(h as tf.Tensor4D, 2, 2, 'valid');
        return tf.sum(tf.matMul(tf.reshape(p, [4, -1]), d)) as tf.Scalar;
      });
      tf.dispose([value, ...Object.values(grads)]);
    });
    tf.dispose([w, b, d, input]);
  });
});
