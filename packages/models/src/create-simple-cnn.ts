import * as tf from '@tensorflow/tfjs';
import type { CreateModelOptions } from './create-model-options.js';
import { LayerInitializers } from './layer-initializers.js';
import { addConv, addDense, addOutputDropout } from './hidden-layers.js';
import { convolutionFilters, resolveModelOptions } from './resolve-model-options.js';

/** Side of the square convolution kernels of `cnn-small` / `cnn`, in pixels. */
export const SIMPLE_CNN_KERNEL_SIZE = 3;
/** Filters of the first / second convolution of `cnn-small` / `cnn`. */
export const SIMPLE_CNN_FILTERS: readonly [number, number] = [32, 64];
/** Side of the max-pooling windows (and their stride), in pixels. */
export const SIMPLE_CNN_POOL_SIZE = 2;

/**
 * The Keras/TensorFlow.js tutorial CNN: Conv 32 3x3 relu → MaxPool 2 → Conv 64 3x3 relu → MaxPool 2 →
 * Flatten → Dense `denseUnits` relu → Dense 10 softmax. Shared by `cnn-small` (64 units) and `cnn` (128).
 */
export function createSimpleCnn(name: string, denseUnits: number, options?: CreateModelOptions): tf.LayersModel {
  const resolved = resolveModelOptions(options);
  const { seed, inputShape, numClasses } = resolved;
  const init = new LayerInitializers(seed);
  const model = tf.sequential({ name });
  const kernelSize = SIMPLE_CNN_KERNEL_SIZE;
  const poolSize = SIMPLE_CNN_POOL_SIZE;
  const [f1, f2] = convolutionFilters(name, resolved, SIMPLE_CNN_FILTERS);
  const hidden = (index: number) => ({ index, init, options: resolved, batchNorm: resolved.batchNorm ?? false });
  addConv(model, hidden(1), { inputShape, filters: f1, kernelSize });
  model.add(tf.layers.maxPooling2d({ poolSize, strides: poolSize, name: 'pool1' }));
  addConv(model, hidden(2), { filters: f2, kernelSize });
  model.add(tf.layers.maxPooling2d({ poolSize, strides: poolSize, name: 'pool2' }));
  model.add(tf.layers.flatten({ name: 'flatten' }));
  addDense(model, hidden(1), resolved.denseUnits ?? denseUnits);
  addOutputDropout(model, resolved);
  model.add(tf.layers.dense({ units: numClasses, activation: 'softmax', kernelInitializer: init.glorot(), name: 'output' }));
  return model;
}
