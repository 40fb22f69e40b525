import type * as tf from '@tensorflow/tfjs';
import type { CreateModelOptions } from './create-model-options.js';
import { createSimpleCnn } from './create-simple-cnn.js';

/** Units of the hidden dense layer of `cnn`. */
export const CNN_DENSE_UNITS = 128;

/** `cnn`: Conv 32 → MaxPool → Conv 64 → MaxPool → Dense 128 → Dense 10 softmax. */
export function createCnn(options?: CreateModelOptions): tf.LayersModel {
  return createSimpleCnn('cnn', CNN_DENSE_UNITS, options);
}
