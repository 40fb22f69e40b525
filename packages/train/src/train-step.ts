import * as tf from '@tensorflow/tfjs';

/** Probabilities are clipped to [EPSILON, 1 - EPSILON] before the log (as Keras does). */
export const PROBABILITY_EPSILON = 1e-7;

/** Mean categorical cross-entropy of softmax probabilities against (possibly smoothed) one-hot targets. */
export function crossEntropy(probabilities: tf.Tensor2D, targets: tf.Tensor2D): tf.Scalar {
  return tf.tidy(() => {
    const clipped = tf.clipByValue(probabilities, PROBABILITY_EPSILON, 1 - PROBABILITY_EPSILON);
    return tf.neg(tf.mean(tf.sum(tf.mul(targets, tf.log(clipped)), -1))) as tf.Scalar;
  });
}

/** One-hot targets with label smoothing: `(1 - s) * onehot + s / classes`. */
export function smoothedTargets(labels: tf.Tensor1D, numClasses: number, labelSmoothing: number): tf.Tensor2D {
  return tf.tidy(() => {
    const oneHot = tf.oneHot(labels, numClasses).toFloat() as tf.Tensor2D;
    if (labelSmoothing === 0) return oneHot;
    return tf.add(tf.mul(oneHot, 1 - labelSmoothing), labelSmoothing / numClasses) as tf.Tensor2D;
  });
}

/** A batch as the model sees it: images `[n, rows, cols]` in [0, 1] and integer labels. */
export interface StepBatch {
  images: Float32Array;
  labels: Uint8Array;
  size: number;
}

/**
 * One optimizer step on one batch (model in training mode: dropout on, batch-norm statistics updated).
 * Returns the batch loss and accuracy; leaves no tensors behind.
 */
export function trainStep(
  model: tf.LayersModel,
  optimizer: tf.Optimizer,
  variables: tf.Variable[],
  batch: StepBatch,
  options: { rows: number; cols: number; numClasses: number; labelSmoothing: number },
): { loss: number; acc: number } {
  const result = tf.tidy(() => {
    const xs = tf.tensor4d(batch.images, [batch.size, options.rows, options.cols, 1]);
    const labels = tf.tensor1d(Int32Array.from(batch.labels), 'int32');
    const targets = smoothedTargets(labels, options.numClasses, options.labelSmoothing);
    let correct: tf.Scalar | undefined;
    const loss = optimizer.minimize(
      () => {
        const probabilities = model.apply(xs, { training: true }) as tf.Tensor2D;
        correct = tf.keep(tf.mean(tf.cast(tf.equal(tf.argMax(probabilities, -1), labels), 'float32')) as tf.Scalar);
        return crossEntropy(probabilities, targets);
      },
      true,
      variables,
    );
    if (!loss || !correct) throw new Error('The optimizer step returned no loss.');
    const stacked = tf.stack([loss, correct]);
    correct.dispose();
    return stacked;
  });
  const [loss, acc] = result.dataSync();
  result.dispose();
  return { loss: loss!, acc: acc! };
}

/** Loss and accuracy of a model on images/labels in inference mode, in batches. */
export function measure(
  model: tf.LayersModel,
  split: { images: Uint8Array; labels: Uint8Array; count: number },
  options: { rows: number; cols: number; numClasses: number; batchSize: number },
): { loss: number; acc: number } {
  const pixels = options.rows * options.cols;
  let lossSum = 0;
  let correctSum = 0;
  for (let start = 0; start < split.count; start += options.batchSize) {
    const size = Math.min(options.batchSize, split.count - start);
    const sums = tf.tidy(() => {
      const raw = split.images.subarray(start * pixels, (start + size) * pixels);
      const xs = tf.div(tf.tensor4d(Float32Array.from(raw), [size, options.rows, options.cols, 1]), 255);
      const labels = tf.tensor1d(Int32Array.from(split.labels.subarray(start, start + size)), 'int32');
      const probabilities = model.apply(xs, { training: false }) as tf.Tensor2D;
      const targets = smoothedTargets(labels, options.numClasses, 0);
      const loss = tf.mul(crossEntropy(probabilities, targets), size);
      const correct = tf.sum(tf.cast(tf.equal(tf.argMax(probabilities, -1), labels), 'float32'));
      return tf.stack([loss, correct]);
    });
    const [l, c] = sums.dataSync();
    sums.dispose();
    lossSum += l!;
    correctSum += c!;
  }
  return { loss: lossSum / Math.max(1, split.count), acc: correctSum / Math.max(1, split.count) };
}
