import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { onBackend, useWasm } from './backend-test-helpers.js';

beforeAll(useWasm);

describe('Cast on wasm', () => {
  it('shares the buffer when the dtype stays the same, and the copy outlives its source', async () => {
    await onBackend('wasm', () => {
      const x = tf.tensor1d([1.5, -2, 0]);
      const before = (tf.backend() as unknown as { numDataIds(): number }).numDataIds();
      const same = tf.cast(x, 'float32');
      expect((tf.backend() as unknown as { numDataIds(): number }).numDataIds()).toBe(before);
      x.dispose();
      expect(Array.from(same.dataSync())).toEqual([1.5, -2, 0]);
      same.dispose();
    });
  });

  it('converts between dtypes like the cpu backend (bool means not zero)', async () => {
    const run = () =>
      tf.tidy(() => {
        const x = tf.tensor1d([1.7, -2.2, 0, 3, Number.NaN, 256]);
        return {
          int: Array.from(tf.cast(x, 'int32').dataSync()),
          bool: Array.from(tf.cast(x, 'bool').dataSync()),
          back: Array.from(tf.cast(tf.cast(x, 'bool'), 'float32').dataSync()),
          ints: Array.from(tf.cast(tf.tensor1d([3, -4], 'int32'), 'int32').dataSync()),
          intBool: Array.from(tf.cast(tf.tensor1d([0, -256, 2], 'int32'), 'bool').dataSync()),
        };
      });
    expect(await onBackend('wasm', run)).toEqual(await onBackend('cpu', run));
  });
});
