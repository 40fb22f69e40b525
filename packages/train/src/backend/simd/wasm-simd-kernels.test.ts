import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { compileSimdKernels, SIMD_BINARY_PATH, simdBinarySource } from '../../../scripts/simd-kernels-source.mjs';
import { expectClose, fixture, onBackend, useWasm } from '../backend-test-helpers.js';
import { setWasmSimdKernelsEnabled, wasmSimdKernels } from './wasm-simd-kernels.js';

beforeAll(useWasm);
afterEach(() => setWasmSimdKernelsEnabled(true));

/** Runs `fn` on wasm twice, with the SIMD kernels and with the JavaScript loops. */
async function bothPaths<T>(fn: () => T): Promise<{ simd: T; js: T }> {
  const simd = await onBackend('wasm', fn);
  setWasmSimdKernelsEnabled(false);
  try {
    return { simd, js: await onBackend('wasm', fn) };
  } finally {
    setWasmSimdKernelsEnabled(true);
  }
}

/** Bit patterns, so that -0 and +0 (and NaN payloads) count as different. */
function bits(values: Float32Array): number[] {
  return Array.from(new Uint32Array(values.buffer, values.byteOffset, values.length));
}

describe('WebAssembly SIMD kernels', () => {
  it('load on the wasm backend in Node (so the fast paths are the ones tested and benchmarked)', () => {
    expect(wasmSimdKernels(tf.backend() as BackendWasm)).toBeDefined();
  });

  it('are built from the committed .wat source (run `pnpm --filter @mnist/train build:simd` after editing it)', async () => {
    expect(readFileSync(SIMD_BINARY_PATH, 'utf8')).toBe(simdBinarySource(await compileSimdKernels()));
  });

  it('can be turned off', () => {
    setWasmSimdKernelsEnabled(false);
    expect(wasmSimdKernels(tf.backend() as BackendWasm)).toBeUndefined();
  });

  describe('maxPoolGrad2x2 gives the JavaScript loop bit for bit', () => {
    const cases = [
      { shape: [3, 8, 8, 8], relu: false },
      { shape: [2, 9, 7, 4], relu: true }, // odd sizes, many all-zero windows (ties)
      { shape: [4, 26, 26, 32], relu: true }, // cnn-small's first pooling layer
      { shape: [2, 11, 11, 64], relu: true },
    ] as const;
    it.each(cases)('shape $shape, ReLU $relu', async (c) => {
      const shape = [...c.shape] as [number, number, number, number];
      const run = () =>
        tf.tidy(() => {
          let x: tf.Tensor4D = tf.tensor4d(fixture(tf.util.sizeFromShape(shape), 21), shape);
          if (c.relu) x = tf.relu(x);
          const output = tf.maxPool(x, 2, 2, 'valid');
          // Negative zeros in dy as well: the cpu backend writes +0 for them.
          const dyValues = fixture(output.size, 22).map((v, i) => (i % 7 === 0 ? -0 : v));
          const dy = tf.tensor(dyValues, output.shape);
          const dx = tf.engine().runKernel(tf.MaxPoolGrad, { dy, input: x, output }, { filterSize: 2, strides: 2, pad: 'valid' });
          return (dx as tf.Tensor).dataSync() as Float32Array;
        });
      const { simd, js } = await bothPaths(run);
      expect(bits(simd)).toEqual(bits(js));
      expect(simd.some((v) => v !== 0)).toBe(true);
      expect(bits(simd).includes(0x80000000)).toBe(false); // no -0
    });

    it('hands windows with NaN, -Infinity or an infinite dy to the exact loop', async () => {
      const values = fixture(2 * 4 * 4 * 4, 23);
      values[0] = Number.NaN;
      for (const i of [8, 12, 24, 28]) values[i] = Number.NEGATIVE_INFINITY;
      const dyValues = fixture(2 * 2 * 2 * 4, 24);
      dyValues[5] = Number.POSITIVE_INFINITY;
      const run = () =>
        tf.tidy(() => {
          const x = tf.tensor4d(values, [2, 4, 4, 4]);
          const output = tf.maxPool(x, 2, 2, 'valid');
          const dy = tf.tensor4d(dyValues, [2, 2, 2, 4]);
          const dx = tf.engine().runKernel(tf.MaxPoolGrad, { dy, input: x, output }, { filterSize: 2, strides: 2, pad: 'valid' });
          return (dx as tf.Tensor).dataSync() as Float32Array;
        });
      const { simd, js } = await bothPaths(run);
      expect(bits(simd)).toEqual(bits(js));
      expect(await onBackend('cpu', run)).toEqual(simd);
    });
  });

  describe('sumLeadingAxes gives the JavaScript loop bit for bit', () => {
    const cases = [
      { shape: [64, 26, 26, 32], axis: [0, 1, 2] }, // a conv bias gradient
      { shape: [13, 4], axis: [0] }, // rows not a multiple of 8
      { shape: [5, 3, 8], axis: [0, 1] },
      { shape: [3, 12], axis: [0] }, // fewer rows than one group of eight
    ] as const;
    it.each(cases)('shape $shape', async (c) => {
      const shape = [...c.shape];
      const run = () =>
        tf.tidy(() => {
          // Values of mixed magnitudes, so the order of the additions shows in the last bits.
          const x = tf.tensor(
            fixture(tf.util.sizeFromShape(shape), 25).map((v, i) => v * 10 ** ((i % 5) - 2)),
            shape,
          );
          return {
            sum: tf.sum(x, [...c.axis]).dataSync() as Float32Array,
            mean: tf.mean(x, [...c.axis]).dataSync() as Float32Array,
          };
        });
      const { simd, js } = await bothPaths(run);
      expect(bits(simd.sum)).toEqual(bits(js.sum));
      expect(bits(simd.mean)).toEqual(bits(js.mean));
      expect(simd.sum.some((v) => v !== 0)).toBe(true);
    });
  });
});

describe('filterGradOneChannel (first-layer filter gradients)', () => {
  const cases = [
    { size: 28, filters: 32, kernel: 3, stride: 1, pad: 'valid' }, // cnn-small / cnn
    { size: 28, filters: 32, kernel: 3, stride: 1, pad: 'same' }, // cnn-bn: a padded copy of x
    { size: 28, filters: 16, kernel: 5, stride: 1, pad: 'valid' }, // cnn-fast: 25 taps, a last group of one
    { size: 9, filters: 16, kernel: 3, stride: 2, pad: 'same' },
    { size: 10, filters: 48, kernel: 2, stride: 2, pad: 'valid' },
  ] as const;
  it.each(cases)('$size x $size -> $filters, $kernel x $kernel, stride $stride, $pad', async (c) => {
    const run = () =>
      tf.tidy(() => {
        const x = tf.tensor4d(fixture(3 * c.size * c.size, 26), [3, c.size, c.size, 1]);
        const outShape = tf.conv2d(x, tf.zeros([c.kernel, c.kernel, 1, c.filters]) as tf.Tensor4D, c.stride, c.pad).shape;
        const dy = tf.tensor(fixture(tf.util.sizeFromShape(outShape), 27), outShape);
        const dw = tf.engine().runKernel(tf.Conv2DBackpropFilter, { x, dy }, {
          strides: [c.stride, c.stride],
          pad: c.pad,
          dataFormat: 'NHWC',
          filterShape: [c.kernel, c.kernel, 1, c.filters],
        }) as tf.Tensor;
        return dw.dataSync() as Float32Array;
      });
    const { simd, js } = await bothPaths(run);
    const cpu = await onBackend('cpu', run);
    expectClose(simd, cpu, 'SIMD filter gradient');
    expectClose(js, cpu, 'matrix-product filter gradient');
    expect(Math.max(...cpu.map(Math.abs))).toBeGreaterThan(0.1);
  });
});
