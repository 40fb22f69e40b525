import * as tf from '@tensorflow/tfjs';

/**
 * Gradients of `Mean` and `Sum` that broadcast the (small) reduced gradient to the input's shape
 * with `broadcastTo` (one Tile kernel) instead of tfjs-core's `mul(dy, ones(x.shape))`, which
 * fills a full-size array of ones in JavaScript and uploads it on every call. Batch
 * normalisation reduces full activations (`tf.moments`) twice per layer and step, so on the wasm
 * backend those arrays cost about a tenth of a training step. The values are identical: tfjs
 * multiplies by exactly 1, and `Mean` divides the reduced gradient before broadcasting instead of
 * after (the same division per element).
 */
function reductionGradient(kernelName: 'Mean' | 'Sum'): tf.GradConfig {
  return {
    kernelName,
    inputsToSave: ['x'],
    gradFunc: (dy, saved, attrs) => {
      const x = saved[0]!;
      const { axis } = attrs as unknown as { axis: number | number[] };
      const axes = tf.util.parseAxisParam(axis, x.shape);
      const expandedShape = x.shape.slice();
      let reduceSize = 1;
      for (const a of axes) {
        reduceSize *= x.shape[a]!;
        expandedShape[a] = 1;
      }
      const grad = Array.isArray(dy) ? dy[0]! : dy;
      return {
        x: () => {
          const expanded = tf.reshape(grad, expandedShape);
          const scaled = kernelName === 'Mean' ? tf.div(expanded, reduceSize) : expanded;
          return tf.broadcastTo(tf.cast(scaled, 'float32'), x.shape);
        },
      };
    },
  };
}

/** Replaces tfjs-core's `Mean` and `Sum` gradients (for every backend; idempotent). */
export function registerBroadcastReductionGradients(): void {
  tf.registerGradient(reductionGradient('Mean'));
  tf.registerGradient(reductionGradient('Sum'));
}
