import type * as tf from '@tensorflow/tfjs';
import type { CreateModelOptions } from './create-model-options.js';
import { isModelName, MODEL_NAMES, MODELS } from './models.js';
import { UnknownModelError } from './unknown-model-error.js';

/**
 * Builds the named architecture as a fresh, uncompiled `tf.LayersModel`.
 * @throws UnknownModelError when `name` is not in {@link MODELS}; InvalidModelOptionsError for bad options.
 */
export function createModel(name: string, options?: CreateModelOptions): tf.LayersModel {
  if (!isModelName(name)) throw new UnknownModelError(name, MODEL_NAMES);
  return MODELS[name].create(options);
}
