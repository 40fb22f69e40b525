import * as tf from '@tensorflow/tfjs';
import type { CreateModelOptions } from './create-model-options.js';
import { LayerInitializers } from './layer-initializers.js';
import { convolutionFilters, resolveModelOptions } from './resolve-model-options.js';

/** Filters of the three convolution blocks of `cnn-bn`. */
export const CNN_BN_FILTERS: readonly [number, number, number] = [32, 48, 64];
/** Units of the hidden dense layer of `cnn-bn`. */
export const CNN_BN_DENSE_UNITS = 128;
/** Dropout rate (fraction of units dropped) applied to the flattened features. */
export const CNN_BN_FEATURE_DROPOUT = 0.25;
/** Dropout rate applied after the hidden dense layer. */
export const CNN_BN_DENSE_DROPOUT = 0.4;
/** Side of the square convolution kernels, in pixels. */
export const CNN_BN_KERNEL_SIZE = 3;
/**
 * Momentum of the batch-norm moving statistics (Keras' default is 0.99). 0.9 averages over the last ~10
 * batches, so the statistics used at inference are right after a few hundred steps, not thousands:
 * short runs evaluate as well as they train.
 */
export const CNN_BN_MOMENTUM = 0.9;
/** Side (and stride) of the max-pooling windows, in pixels. */
export const CNN_BN_POOL_SIZE = 2;

/**
 * `cnn-bn`, the project's best architecture: three cheap conv blocks with batch normalisation, then a
 * dropout-regularised dense head. Built only from standard layers, so any tfjs-layers (or Keras via
 * the converter) loads it.
 *
 * ```
 * 28×28×1  → Conv 32 3×3 same (no bias) → MaxPool 2 → BN → ReLU  → 14×14×32
 * 14×14×32 → Conv 48 3×3 valid (no bias) → MaxPool 2 → BN → ReLU → 6×6×48
 * 6×6×48   → Conv 64 3×3 valid (no bias) → BN → ReLU             → 4×4×64
 * Flatten 1024 → Dropout 0.25 → Dense 128 (no bias) → BN → ReLU → Dropout 0.4 → Dense 10 softmax
 * ```
 *
 * Design: the first convolution runs at full resolution with only 32 filters, and every later one
 * runs after pooling with `valid` padding, so a forward pass costs about 2.8 M multiply-adds per image
 * (about the same as `cnn-small`; a quarter of the ~11 M of Keras' classic `mnist_cnn.py`) for ~175 k parameters (544 of them non-trainable BN statistics). Batch
 * normalisation comes after each pooling, on a quarter of the values it would see before it: on the
 * wasm backend its element-wise passes cost as much as the convolutions, so this halves the training
 * step. Batch normalisation (biases dropped, BN's beta plays their role) lets it train with large learning rates
 * (one-cycle), and dropout plus augmentation (small rotations, scaling, shifts) closes the gap to
 * ≥ 99.6 % test accuracy within a CPU budget of minutes.
 */
export function createCnnBn(options?: CreateModelOptions): tf.LayersModel {
  const resolved = resolveModelOptions(options);
  const { seed, inputShape, numClasses, activation } = resolved;
  const batchNorm = resolved.batchNorm ?? true;
  const init = new LayerInitializers(seed);
  const model = tf.sequential({ name: 'cnn-bn' });
  const kernelSize = CNN_BN_KERNEL_SIZE;
  const poolSize = CNN_BN_POOL_SIZE;
  const [f1, f2, f3] = convolutionFilters('cnn-bn', resolved, CNN_BN_FILTERS);
  // Without batch norm the layers keep their biases (BN's beta no longer plays their role).
  const conv = (index: number, filters: number, padding: 'same' | 'valid', first: boolean): void => {
    model.add(
      tf.layers.conv2d({
        ...(first ? { inputShape } : {}),
        filters,
        kernelSize,
        padding,
        useBias: !batchNorm,
        kernelInitializer: init.he(),
        name: `conv${index}`,
      }),
    );
  };
  const pool = (index: number): void => {
    model.add(tf.layers.maxPooling2d({ poolSize, strides: poolSize, name: `pool${index}` }));
  };
  const normalise = (index: number): void => {
    if (batchNorm) model.add(tf.layers.batchNormalization({ momentum: CNN_BN_MOMENTUM, name: `bn${index}` }));
    model.add(tf.layers.activation({ activation, name: activation === 'relu' ? `relu${index}` : `act${index}` }));
  };
  conv(1, f1, 'same', true);
  pool(1);
  normalise(1);
  conv(2, f2, 'valid', false);
  pool(2);
  normalise(2);
  conv(3, f3, 'valid', false);
  normalise(3);
  model.add(tf.layers.flatten({ name: 'flatten' }));
  model.add(tf.layers.dropout({ rate: CNN_BN_FEATURE_DROPOUT, name: 'dropout1' }));
  model.add(
    tf.layers.dense({ units: resolved.denseUnits ?? CNN_BN_DENSE_UNITS, useBias: !batchNorm, kernelInitializer: init.he(), name: 'dense1' }),
  );
  normalise(4);
  model.add(tf.layers.dropout({ rate: resolved.dropout ?? CNN_BN_DENSE_DROPOUT, name: 'dropout2' }));
  model.add(tf.layers.dense({ units: numClasses, activation: 'softmax', kernelInitializer: init.glorot(), name: 'output' }));
  return model;
}
