import type * as tf from '@tensorflow/tfjs';

type Call = (inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>) => tf.Tensor | tf.Tensor[];
const PATCHED = Symbol.for('mnist.train.frozen-batch-norm');

/**
 * Makes batch-norm layers whose `trainable` is false run in inference mode (moving statistics used,
 * never updated), as Keras does; TensorFlow.js would otherwise normalise with batch statistics and
 * update the moving ones whenever `training` is true. Checked at every call, so unfreezing a layer
 * later brings training mode back. Idempotent.
 */
export function keepFrozenBatchNormInInferenceMode(model: tf.LayersModel): void {
  for (const layer of model.layers) {
    if (layer.getClassName() !== 'BatchNormalization') continue;
    const holder = layer as unknown as { call: Call; [PATCHED]?: true };
    if (holder[PATCHED]) continue;
    const call = holder.call.bind(layer);
    holder.call = (inputs, kwargs) => call(inputs, layer.trainable ? kwargs : { ...kwargs, training: false });
    holder[PATCHED] = true;
  }
}

/**
 * State weights a training step updates: the non-trainable weights (batch-norm moving statistics) of
 * layers that are not frozen, in `model.nonTrainableWeights` order. Frozen layers' weights are never written.
 */
export function updatedStateWeights(model: tf.LayersModel): tf.LayerVariable[] {
  return model.layers.filter((layer) => layer.trainable).flatMap((layer) => layer.nonTrainableWeights);
}
