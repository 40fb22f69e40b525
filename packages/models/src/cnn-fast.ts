import * as tf from '@tensorflow/tfjs';
import type { CreateModelOptions } from './create-model-options.js';
import { LayerInitializers } from './layer-initializers.js';
import { addConv, addDense, addOutputDropout } from './hidden-layers.js';
import { convolutionFilters, resolveModelOptions } from './resolve-model-options.js';

/** Side of the square convolution kernels of `cnn-fast`, in pixels. */
export const CNN_FAST_KERNEL_SIZE = 5;
/** Filters of the two convolutions of `cnn-fast`. */
export const CNN_FAST_FILTERS: readonly [number, number] = [16, 32];
/** Units of the hidden dense layer of `cnn-fast`. */
export const CNN_FAST_DENSE_UNITS = 64;
/** Side (and stride) of the max-pooling windows of `cnn-fast`, in pixels. */
export const CNN_FAST_POOL_SIZE = 2;

/**
 * `cnn-fast`, the architecture of the `fast` training preset: a LeNet-style network that costs
 * about 1.1 M multiply-adds per image (cnn-small: 2.5 M) for ~47 k parameters, so a 2-core CPU
 * sees more images per second at the same accuracy after a short run.
 *
 * ```
 * 28×28×1  → Conv 16 5×5 valid relu → MaxPool 2 → 12×12×16
 * 12×12×16 → Conv 32 5×5 valid relu → MaxPool 2 → 4×4×32
 * Flatten 512 → Dense 64 relu → Dense 10 softmax
 * ```
 *
 * No batch normalisation or dropout: on the wasm backend their extra full-size element-wise passes
 * cost more time than they save in steps.
 */
export function createCnnFast(options?: CreateModelOptions): tf.LayersModel {
  const resolved = resolveModelOptions(options);
  const { seed, inputShape, numClasses } = resolved;
  const init = new LayerInitializers(seed);
  const model = tf.sequential({ name: 'cnn-fast' });
  const kernelSize = CNN_FAST_KERNEL_SIZE;
  const poolSize = CNN_FAST_POOL_SIZE;
  const [f1, f2] = convolutionFilters('cnn-fast', resolved, CNN_FAST_FILTERS);
  const hidden = (index: number) => ({ index, init, options: resolved, batchNorm: resolved.batchNorm ?? false });
  addConv(model, hidden(1), { inputShape, filters: f1, kernelSize });
  model.add(tf.layers.maxPooling2d({ poolSize, strides: poolSize, name: 'pool1' }));
  addConv(model, hidden(2), { filters: f2, kernelSize });
  model.add(tf.layers.maxPooling2d({ poolSize, strides: poolSize, name: 'pool2' }));
  model.add(tf.layers.flatten({ name: 'flatten' }));
  addDense(model, hidden(1), resolved.denseUnits ?? CNN_FAST_DENSE_UNITS);
  addOutputDropout(model, resolved);
  model.add(tf.layers.dense({ units: numClasses, activation: 'softmax', kernelInitializer: init.glorot(), name: 'output' }));
  return model;
}
