import * as tf from '@tensorflow/tfjs';
import type { CreateModelOptions } from './create-model-options.js';
import { LayerInitializers } from './layer-initializers.js';
import { addDense, addOutputDropout } from './hidden-layers.js';
import { InvalidModelOptionsError } from './invalid-model-options-error.js';
import { resolveModelOptions } from './resolve-model-options.js';

/** Width of each hidden layer of the MLP, in units. */
export const MLP_HIDDEN_UNITS = 128;

/** `mlp`: Flatten → Dense 128 relu → Dense 128 relu → Dense 10 softmax (the first Keras tutorial's network). */
export function createMlp(options?: CreateModelOptions): tf.LayersModel {
  const resolved = resolveModelOptions(options);
  const { seed, inputShape, numClasses } = resolved;
  if (resolved.filters !== undefined) throw new InvalidModelOptionsError('filters', 'no filters: mlp has no convolutions', resolved.filters);
  const init = new LayerInitializers(seed);
  const model = tf.sequential({ name: 'mlp' });
  const hidden = (index: number) => ({ index, init, options: resolved, batchNorm: resolved.batchNorm ?? false });
  const units = resolved.denseUnits ?? MLP_HIDDEN_UNITS;
  model.add(tf.layers.flatten({ inputShape, name: 'flatten' }));
  addDense(model, hidden(1), units);
  addDense(model, hidden(2), units);
  addOutputDropout(model, resolved);
  model.add(tf.layers.dense({ units: numClasses, activation: 'softmax', kernelInitializer: init.glorot(), name: 'output' }));
  return model;
}
