import type { Split } from '@mnist/data';
import * as tf from '@tensorflow/tfjs';
import { EvaluationInputError } from './evaluation-input-error.js';
import { type ClassMetrics, perClassMetrics } from './per-class-metrics.js';

/** Images per forward pass when `batchSize` is not given. */
export const DEFAULT_EVALUATION_BATCH_SIZE = 500;
/** Probabilities are clipped to [ε, 1 − ε] before the logarithm of the cross-entropy (Keras' epsilon). */
export const CROSS_ENTROPY_EPSILON = 1e-7;
/** Largest pixel value of the uint8 images; inputs are divided by it to lie in [0, 1]. */
export const PIXEL_SCALE = 255;

/** Metrics of a model on a split. */
export interface EvaluationResult {
  /** Mean categorical cross-entropy (natural log). */
  loss: number;
  /** Fraction of images whose arg-max prediction equals the label. */
  accuracy: number;
  /** Number of images evaluated. */
  count: number;
  perClass: ClassMetrics[];
  /** `confusionMatrix[true][predicted]` = number of images. */
  confusionMatrix: number[][];
  /** Indices (into the split) of the images predicted wrongly, ascending. */
  misclassified: number[];
}

/** Options of {@link evaluate}. */
export interface EvaluateOptions {
  /** Images per forward pass; defaults to {@link DEFAULT_EVALUATION_BATCH_SIZE}. */
  batchSize?: number;
  /** Name of each class, for `perClass[i].className`; defaults to the digits. */
  classNames?: string[];
  /** Called after each batch with the number of images done and the total. */
  onProgress?(done: number, total: number): void;
}

function inputGeometry(model: tf.LayersModel): { shape: number[]; pixels: number; classes: number } {
  const input = model.inputs[0]?.shape ?? [];
  const output = model.outputs[0]?.shape ?? [];
  const shape = input.slice(1);
  const classes = output[1];
  if (shape.some((d) => typeof d !== 'number') || output.length !== 2 || typeof classes !== 'number') {
    throw new EvaluationInputError(
      `Expected a model with a fixed input shape and output [batch, classes], found input ${JSON.stringify(input)} and output ${JSON.stringify(output)}. Use a model from @mnist/models.`,
    );
  }
  const dims = shape as number[];
  return { shape: dims, pixels: dims.reduce((p, d) => p * d, 1), classes };
}

/**
 * Evaluates `model` on `split` in batches (forward passes only, inside `tf.tidy`): mean categorical
 * cross-entropy, accuracy, per-class precision/recall/F1/support, the confusion matrix `[true][pred]`
 * and the indices of the misclassified images. Images are uint8 (0–255) and are divided by 255.
 * @throws EvaluationInputError when the split is empty, its sizes do not fit the model's input, a label is
 * out of range, or `batchSize` is not a positive integer.
 */
export async function evaluate(model: tf.LayersModel, split: Split, options: EvaluateOptions = {}): Promise<EvaluationResult> {
  const { batchSize = DEFAULT_EVALUATION_BATCH_SIZE, classNames, onProgress } = options;
  if (!(Number.isInteger(batchSize) && batchSize > 0)) {
    throw new EvaluationInputError(`Expected batchSize to be a positive integer, found ${batchSize}. Pass e.g. ${DEFAULT_EVALUATION_BATCH_SIZE}.`);
  }
  const { shape, pixels, classes } = inputGeometry(model);
  const { images, labels, count } = split;
  if (!(Number.isInteger(count) && count > 0)) {
    throw new EvaluationInputError(`Expected a split with at least one image, found count ${count}. Evaluate a non-empty split.`);
  }
  if (images.length !== count * pixels || labels.length < count) {
    throw new EvaluationInputError(
      `Expected ${count} images of ${pixels} pixels (${count * pixels} bytes) and ${count} labels for model input ${JSON.stringify(shape)}, ` +
        `found ${images.length} bytes and ${labels.length} labels. Check that the split matches the model's input size.`,
    );
  }
  for (let i = 0; i < count; i++) {
    if ((labels[i] as number) >= classes) {
      throw new EvaluationInputError(
        `Expected labels in 0..${classes - 1} (the model has ${classes} outputs), found label ${labels[i]} at index ${i}. Use a model with enough classes.`,
      );
    }
  }

  const confusionMatrix = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  const misclassified: number[] = [];
  let lossSum = 0;
  let correct = 0;
  for (let start = 0; start < count; start += batchSize) {
    const size = Math.min(batchSize, count - start);
    const [predictedTensor, lossTensor] = tf.tidy(() => {
      const pixelsOfBatch = images.subarray(start * pixels, (start + size) * pixels);
      const x = tf.tensor(Float32Array.from(pixelsOfBatch), [size, ...shape], 'float32').div(PIXEL_SCALE);
      const probabilities = model.predict(x) as tf.Tensor2D;
      const truth = tf.oneHot(tf.tensor1d(labels.subarray(start, start + size), 'int32'), classes);
      const clipped = probabilities.clipByValue(CROSS_ENTROPY_EPSILON, 1 - CROSS_ENTROPY_EPSILON);
      const loss = tf.neg(tf.sum(tf.mul(truth, tf.log(clipped))));
      return [probabilities.argMax(1), loss] as const;
    });
    const [predicted, batchLoss] = await Promise.all([predictedTensor.data(), lossTensor.data()]);
    tf.dispose([predictedTensor, lossTensor]);
    lossSum += batchLoss[0] as number;
    for (let i = 0; i < size; i++) {
      const truth = labels[start + i] as number;
      const guess = predicted[i] as number;
      (confusionMatrix[truth] as number[])[guess] = ((confusionMatrix[truth] as number[])[guess] as number) + 1;
      if (guess === truth) correct++;
      else misclassified.push(start + i);
    }
    onProgress?.(start + size, count);
  }
  return {
    loss: lossSum / count,
    accuracy: correct / count,
    count,
    perClass: perClassMetrics(confusionMatrix, classNames),
    confusionMatrix,
    misclassified,
  };
}

export { EvaluationInputError } from './evaluation-input-error.js';
export { type ClassMetrics, perClassMetrics } from './per-class-metrics.js';
