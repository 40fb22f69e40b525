import * as tf from '@tensorflow/tfjs';
import type { CreateModelOptions } from './create-model-options.js';
import { LayerInitializers } from './layer-initializers.js';
import { resolveModelOptions } from './resolve-model-options.js';

/** Width of each hidden layer of the MLP, in units. */
export const MLP_HIDDEN_UNITS = 128;

/** `mlp`: Flatten → Dense 128 relu → Dense 128 relu → Dense 10 softmax (the first Keras tutorial's network). */
export function createMlp(options?: CreateModelOptions): tf.LayersModel {
  const { seed, inputShape, numClasses } = resolveModelOptions(options);
  const init = new LayerInitializers(seed);
  const model = tf.sequential({ name: 'mlp' });
  model.add(tf.layers.flatten({ inputShape, name: 'flatten' }));
  model.add(tf.layers.dense({ units: MLP_HIDDEN_UNITS, activation: 'relu', kernelInitializer: init.he(), name: 'dense1' }));
  model.add(tf.layers.dense({ units: MLP_HIDDEN_UNITS, activation: 'relu', kernelInitializer: init.he(), name: 'dense2' }));
  model.add(tf.layers.dense({ units: numClasses, activation: 'softmax', kernelInitializer: init.glorot(), name: 'output' }));
  return model;
}
