import type * as tf from '@tensorflow/tfjs';
import type { CreateModelOptions } from './create-model-options.js';
import { createSimpleCnn } from './create-simple-cnn.js';

/** Units of the hidden dense layer of `cnn-small`. */
export const CNN_SMALL_DENSE_UNITS = 64;

/** `cnn-small`: Conv 32 → MaxPool → Conv 64 → MaxPool → Dense 64 → Dense 10 softmax. */
export function createCnnSmall(options?: CreateModelOptions): tf.LayersModel {
  return createSimpleCnn('cnn-small', CNN_SMALL_DENSE_UNITS, options);
}
