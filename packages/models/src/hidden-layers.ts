import * as tf from '@tensorflow/tfjs';
import type { LayerInitializers } from './layer-initializers.js';
import type { ResolvedModelOptions } from './resolve-model-options.js';

/** Momentum of the batch-norm moving statistics of layers added by `batchNorm: true`. */
export const BATCH_NORM_MOMENTUM = 0.9;

interface HiddenLayer {
  /** 1-based position, used in the layer names (`conv1`, then `conv1_bn`, `conv1_act`). */
  index: number;
  init: LayerInitializers;
  options: ResolvedModelOptions;
  batchNorm: boolean;
}

/**
 * Adds the activation of a hidden layer: inline in the layer without batch norm (the default
 * architectures' layers, names and weights stay as they were), else as BN → activation layers.
 */
function activationAfter(model: tf.Sequential, { options, batchNorm }: HiddenLayer, layerName: string): void {
  if (!batchNorm) return;
  model.add(tf.layers.batchNormalization({ momentum: BATCH_NORM_MOMENTUM, name: `${layerName}_bn` }));
  model.add(tf.layers.activation({ activation: options.activation, name: `${layerName}_act` }));
}

/** A convolution followed by its activation (and batch norm when asked). */
export function addConv(
  model: tf.Sequential,
  layer: HiddenLayer,
  conv: { filters: number; kernelSize: number; padding?: 'same' | 'valid'; inputShape?: [number, number, number] },
): void {
  model.add(
    tf.layers.conv2d({
      ...(conv.inputShape ? { inputShape: conv.inputShape } : {}),
      filters: conv.filters,
      kernelSize: conv.kernelSize,
      ...(conv.padding ? { padding: conv.padding } : {}),
      ...(layer.batchNorm ? { useBias: false } : { activation: layer.options.activation }),
      kernelInitializer: layer.init.he(),
      name: `conv${layer.index}`,
    }),
  );
  activationAfter(model, layer, `conv${layer.index}`);
}

/** A hidden dense layer followed by its activation (and batch norm when asked). */
export function addDense(model: tf.Sequential, layer: HiddenLayer, units: number): void {
  model.add(
    tf.layers.dense({
      units,
      ...(layer.batchNorm ? { useBias: false } : { activation: layer.options.activation }),
      kernelInitializer: layer.init.he(),
      name: `dense${layer.index}`,
    }),
  );
  activationAfter(model, layer, `dense${layer.index}`);
}

/** Dropout before the output layer when `dropout` is set above 0. */
export function addOutputDropout(model: tf.Sequential, options: ResolvedModelOptions): void {
  if (options.dropout !== undefined && options.dropout > 0) {
    model.add(tf.layers.dropout({ rate: options.dropout, name: 'dropout_out' }));
  }
}
