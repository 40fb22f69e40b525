import type { Split } from '@mnist/data';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EvaluationInputError, evaluate } from './evaluate.js';

/** Logit given to the class whose "marker pixel" is lit. */
const MARKER_LOGIT = 2;
const PIXELS = 28 * 28;

/**
 * A model whose predictions the test controls: Flatten → Dense 10 softmax without bias, with kernel
 * W[k][k] = MARKER_LOGIT for k < 10 and 0 elsewhere. An image with only pixel k at 255 gets logit
 * MARKER_LOGIT for class k and 0 for the others, so it is classified as k with probability
 * e^2 / (e^2 + 9).
 */
function markerModel(): tf.LayersModel {
  const model = tf.sequential();
  model.add(tf.layers.flatten({ inputShape: [28, 28, 1] }));
  model.add(tf.layers.dense({ units: 10, activation: 'softmax', useBias: false }));
  const kernel = new Float32Array(PIXELS * 10);
  for (let k = 0; k < 10; k++) kernel[k * 10 + k] = MARKER_LOGIT;
  model.setWeights([tf.tensor2d(kernel, [PIXELS, 10])]);
  return model;
}

/** A split whose image i has only pixel `drawn[i]` lit. */
function markerSplit(labels: number[], drawn: number[]): Split {
  const images = new Uint8Array(labels.length * PIXELS);
  drawn.forEach((d, i) => {
    images[i * PIXELS + d] = 255;
  });
  return { images, labels: Uint8Array.from(labels), count: labels.length };
}

const labels = [0, 1, 2, 3, 0, 1, 2, 3, 9, 9];
const drawn = [0, 1, 2, 2, 0, 3, 2, 3, 9, 1];
let model: tf.LayersModel;

beforeAll(() => {
  model = markerModel();
});
afterAll(() => model.dispose());

describe('evaluate', () => {
  it('computes accuracy, cross-entropy, the confusion matrix and the misclassified indices exactly', async () => {
    const result = await evaluate(model, markerSplit(labels, drawn));
    expect(result.count).toBe(10);
    expect(result.accuracy).toBe(0.7);
    expect(result.misclassified).toEqual([3, 5, 9]);
    const e = Math.exp(MARKER_LOGIT);
    const correctLoss = Math.log((e + 9) / e); // -ln p(true) when the true class is predicted
    const wrongLoss = Math.log(e + 9); // -ln p(true) when another class gets the marker logit
    expect(result.loss).toBeCloseTo((7 * correctLoss + 3 * wrongLoss) / 10, 5);
    const expected: number[][] = Array.from({ length: 10 }, () => new Array<number>(10).fill(0));
    const set = (t: number, p: number, n: number) => {
      (expected[t] as number[])[p] = n;
    };
    set(0, 0, 2);
    set(1, 1, 1);
    set(1, 3, 1);
    set(2, 2, 2);
    set(3, 2, 1);
    set(3, 3, 1);
    set(9, 9, 1);
    set(9, 1, 1);
    expect(result.confusionMatrix).toEqual(expected);
  });

  it('computes per-class precision, recall, F1 and support', async () => {
    const { perClass } = await evaluate(model, markerSplit(labels, drawn), { classNames: 'abcdefghij'.split('') });
    const pick = (label: number) => perClass[label];
    expect(pick(0)).toEqual({ label: 0, className: 'a', precision: 1, recall: 1, f1: 1, support: 2 });
    expect(pick(1)).toEqual({ label: 1, className: 'b', precision: 0.5, recall: 0.5, f1: 0.5, support: 2 });
    expect(pick(2)?.precision).toBeCloseTo(2 / 3, 12);
    expect(pick(2)?.recall).toBe(1);
    expect(pick(2)?.f1).toBeCloseTo(0.8, 12);
    expect(pick(9)?.precision).toBe(1);
    expect(pick(9)?.recall).toBe(0.5);
    expect(pick(9)?.f1).toBeCloseTo(2 / 3, 12);
    expect(pick(4)).toEqual({ label: 4, className: 'e', precision: 0, recall: 0, f1: 0, support: 0 });
  });

  it('gives the same result in any batch size and reports progress after each batch', async () => {
    const split = markerSplit(labels, drawn);
    const progress: [number, number][] = [];
    const batched = await evaluate(model, split, { batchSize: 3, onProgress: (done, total) => progress.push([done, total]) });
    const whole = await evaluate(model, split, { batchSize: 100 });
    expect(progress).toEqual([
      [3, 10],
      [6, 10],
      [9, 10],
      [10, 10],
    ]);
    expect(batched.confusionMatrix).toEqual(whole.confusionMatrix);
    expect(batched.misclassified).toEqual(whole.misclassified);
    expect(batched.loss).toBeCloseTo(whole.loss, 6);
  });

  it('names classes by their digit by default', async () => {
    const { perClass } = await evaluate(model, markerSplit(labels, drawn));
    expect(perClass.map((c) => c.className)).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
  });

  it('leaks no tensors', async () => {
    const split = markerSplit(labels, drawn);
    await evaluate(model, split, { batchSize: 4 });
    const before = tf.memory().numTensors;
    await evaluate(model, split, { batchSize: 4 });
    await evaluate(model, split, { batchSize: 7 });
    expect(tf.memory().numTensors).toBe(before);
  });

  it.each([
    ['an empty split', { images: new Uint8Array(0), labels: new Uint8Array(0), count: 0 }, {}, /at least one image/],
    ['images of the wrong size', { images: new Uint8Array(2 * 100), labels: new Uint8Array(2), count: 2 }, {}, /Expected 2 images of 784 pixels/],
    ['too few labels', { images: new Uint8Array(2 * PIXELS), labels: new Uint8Array(1), count: 2 }, {}, /found 1568 bytes and 1 labels/],
    ['a label out of range', { images: new Uint8Array(PIXELS), labels: Uint8Array.from([10]), count: 1 }, {}, /labels in 0\.\.9 .* found label 10 at index 0/],
    ['a bad batch size', markerSplit([0], [0]), { batchSize: 0 }, /batchSize to be a positive integer, found 0/],
  ])('throws EvaluationInputError for %s', async (_, split, options, message) => {
    const before = tf.memory().numTensors;
    const error = await evaluate(model, split, options).catch((e: Error) => e);
    expect(error).toBeInstanceOf(EvaluationInputError);
    expect((error as Error).message).toMatch(message);
    expect(tf.memory().numTensors).toBe(before);
  });
});
