import type * as tf from '@tensorflow/tfjs';

/**
 * Multiply-adds of one forward pass for one image (1 multiply-add ≈ 2 FLOPs), counting the layers that
 * dominate the cost: Conv2D (`outRows × outCols × kernelRows × kernelCols × inChannels × filters`) and
 * Dense (`inputs × units`). Pooling, normalisation and activations are ignored (they are linear in size
 * and small in comparison).
 */
export function countMultiplyAdds(model: tf.LayersModel): number {
  let total = 0;
  for (const layer of model.layers) {
    const className = layer.getClassName();
    if (className !== 'Conv2D' && className !== 'Dense') continue;
    const kernel = layer.weights[0];
    const outputShape = layer.outputShape as (number | null)[];
    if (kernel === undefined) continue;
    if (className === 'Conv2D') {
      // kernel: [kernelRows, kernelCols, inChannels, filters]; output: [batch, rows, cols, filters]
      total += (outputShape[1] ?? 0) * (outputShape[2] ?? 0) * sizeOf(kernel.shape);
    } else {
      // kernel: [inputs, units]
      total += sizeOf(kernel.shape);
    }
  }
  return total;
}

function sizeOf(shape: readonly (number | null)[]): number {
  return shape.reduce<number>((product, dim) => product * (dim ?? 0), 1);
}
