import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, it } from 'vitest';
import { expectClose, fixture, onBackend, useWasm } from './backend-test-helpers.js';

beforeAll(useWasm);

describe('BatchMatMul on wasm with transposed operands matches cpu', () => {
  const cases = [
    { a: [7, 5], b: [7, 3], transposeA: true, transposeB: false },
    { a: [4, 6], b: [9, 6], transposeA: false, transposeB: true },
    { a: [6, 4], b: [9, 6], transposeA: true, transposeB: true },
    { a: [2, 6, 4], b: [2, 6, 3], transposeA: true, transposeB: false },
    { a: [3, 4, 6], b: [1, 5, 6], transposeA: false, transposeB: true },
    { a: [4, 6], b: [6, 3], transposeA: false, transposeB: false },
  ] as const;
  it.each(cases)('a $a, b $b, transposeA $transposeA, transposeB $transposeB', async (c) => {
    const run = () =>
      tf.tidy(
        () =>
          tf
            .matMul(
              tf.tensor(fixture(tf.util.sizeFromShape([...c.a]), 21), [...c.a]),
              tf.tensor(fixture(tf.util.sizeFromShape([...c.b]), 22), [...c.b]),
              c.transposeA,
              c.transposeB,
            )
            .dataSync() as Float32Array,
      );
    expectClose(await onBackend('wasm', run), await onBackend('cpu', run), 'product');
  });
});
