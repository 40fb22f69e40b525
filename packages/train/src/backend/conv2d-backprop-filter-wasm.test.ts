import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectClose, fixture, onBackend, useWasm } from './backend-test-helpers.js';

beforeAll(useWasm);

interface Case {
  batch: number;
  size: number;
  inChannels: number;
  outChannels: number;
  stride: 1 | 2;
  pad: 'same' | 'valid';
}

const cases: Case[] = [];
for (const stride of [1, 2] as const) {
  for (const pad of ['same', 'valid'] as const) {
    // [1, 16] and [2, 24] have patches (KH * KW * C) smaller than F: the im2col path.
    for (const [inChannels, outChannels] of [
      [1, 4],
      [1, 16],
      [3, 8],
      [2, 24],
      [8, 5],
    ] as const) {
      for (const [batch, size] of [
        [1, 7],
        [3, 8],
      ] as const) {
        cases.push({ batch, size, inChannels, outChannels, stride, pad });
      }
    }
  }
}

/** Gradients of sum(conv2d(x, w) * r) with respect to x and w, as flat arrays. */
function convGrads(c: Case): { dx: Float32Array; dw: Float32Array } {
  return tf.tidy(() => {
    const x = tf.tensor4d(fixture(c.batch * c.size * c.size * c.inChannels, 1), [c.batch, c.size, c.size, c.inChannels]);
    const w = tf.tensor4d(fixture(9 * c.inChannels * c.outChannels, 2), [3, 3, c.inChannels, c.outChannels]);
    const outShape = tf.conv2d(x, w, c.stride, c.pad).shape;
    const r = tf.tensor(fixture(tf.util.sizeFromShape(outShape), 3), outShape);
    const [dx, dw] = tf.grads((a: tf.Tensor, b: tf.Tensor) =>
      tf.sum(tf.mul(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, c.stride, c.pad), r)),
    )([x, w]);
    return { dx: dx!.dataSync() as Float32Array, dw: dw!.dataSync() as Float32Array };
  });
}

describe('Conv2DBackpropFilter / Conv2DBackpropInput on wasm match cpu', () => {
  it.each(cases)(
    'batch $batch, $size x $size x $inChannels -> $outChannels, 3x3, stride $stride, $pad',
    async (c) => {
      const cpu = await onBackend('cpu', () => convGrads(c));
      const wasm = await onBackend('wasm', () => convGrads(c));
      expectClose(wasm.dw, cpu.dw, 'filter gradient');
      expectClose(wasm.dx, cpu.dx, 'input gradient');
      // The gradients are not trivially zero, so the comparison means something.
      expect(Math.max(...cpu.dw.map(Math.abs))).toBeGreaterThan(0.1);
    },
  );

  it('handles a 5x5 filter with explicit asymmetric padding and channels-first data', async () => {
    const run = () =>
      tf.tidy(() => {
        const x = tf.tensor4d(fixture(2 * 3 * 9 * 10, 4), [2, 3, 9, 10]); // NCHW
        const dy = tf.tensor4d(fixture(2 * 4 * 3 * 4, 5), [2, 4, 3, 4]); // N, F, OH, OW
        const dw = tf.engine().runKernel(
          tf.Conv2DBackpropFilter,
          { x, dy },
          {
            strides: [2, 2],
            pad: [
              [0, 0],
              [0, 0],
              [1, 0],
              [0, 1],
            ],
            dataFormat: 'NCHW',
            filterShape: [5, 5, 3, 4],
          },
        ) as tf.Tensor;
        return dw.dataSync() as Float32Array;
      });
    expectClose(await onBackend('wasm', run), await onBackend('cpu', run), 'filter gradient, NCHW');
  });
});
