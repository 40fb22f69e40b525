import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, it } from 'vitest';
import { expectClose, fixture, onBackend, useWasm } from './backend-test-helpers.js';

beforeAll(useWasm);

function inputGrad(
  inputShape: [number, number, number, number],
  filterShape: [number, number, number, number],
  dyShape: [number, number, number, number],
  strides: [number, number],
  pad: tf.NamedAttrMap[string],
  dataFormat: 'NHWC' | 'NCHW' = 'NHWC',
): Float32Array {
  return tf.tidy(() => {
    const dy = tf.tensor4d(fixture(tf.util.sizeFromShape(dyShape), 7), dyShape);
    const filter = tf.tensor4d(fixture(tf.util.sizeFromShape(filterShape), 8), filterShape);
    const dx = tf.engine().runKernel(
      tf.Conv2DBackpropInput,
      { dy, filter },
      { strides, pad, dataFormat, dimRoundingMode: undefined, inputShape } as unknown as tf.NamedAttrMap,
    ) as tf.Tensor;
    return dx.dataSync() as Float32Array;
  });
}

describe('Conv2DBackpropInput on wasm (XNNPACK path and fallbacks) matches cpu', () => {
  const cases = [
    { name: '5x5 filter, stride 1, same', args: [[2, 9, 9, 3], [5, 5, 3, 6], [2, 9, 9, 6], [1, 1], 'same'] },
    { name: '3x3 filter, stride 2, valid, rows left unread', args: [[2, 10, 10, 2], [3, 3, 2, 4], [2, 4, 4, 4], [2, 2], 'valid'] },
    { name: '3x3 filter, strides 2x1, same', args: [[1, 8, 7, 3], [3, 3, 3, 2], [1, 4, 7, 2], [2, 1], 'same'] },
    {
      name: 'explicit padding (falls back to the backend kernel)',
      args: [
        [1, 6, 6, 2],
        [3, 3, 2, 3],
        [1, 7, 5, 3],
        [1, 1],
        [
          [0, 0],
          [2, 1],
          [0, 1],
          [0, 0],
        ],
      ],
    },
    { name: 'col2im path: 1 -> 16 channels, stride 1, same', args: [[2, 7, 7, 1], [3, 3, 1, 16], [2, 7, 7, 16], [1, 1], 'same'] },
    { name: 'col2im path: 2 -> 24 channels, stride 2, valid', args: [[2, 9, 9, 2], [3, 3, 2, 24], [2, 4, 4, 24], [2, 2], 'valid'] },
    {
      name: 'col2im path with explicit padding',
      args: [
        [1, 6, 6, 1],
        [3, 3, 1, 12],
        [1, 7, 5, 12],
        [1, 1],
        [
          [0, 0],
          [2, 1],
          [0, 1],
          [0, 0],
        ],
      ],
    },
    { name: 'channels-first (falls back to the backend kernel)', args: [[1, 2, 6, 6], [3, 3, 2, 3], [1, 3, 6, 6], [1, 1], 'same', 'NCHW'] },
  ] as const;
  it.each(cases)('$name', async ({ args }) => {
    const run = () => inputGrad(...(args as unknown as Parameters<typeof inputGrad>));
    expectClose(await onBackend('wasm', run), await onBackend('cpu', run), 'input gradient');
  });
});
