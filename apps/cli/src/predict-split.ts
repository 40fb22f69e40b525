import type { Split } from '@mnist/data';
import type { LayersModel } from '@tensorflow/tfjs';

/** Images per forward pass of `predictSplit`. */
export const PREDICT_BATCH_SIZE = 256;
/** Largest pixel value; images are divided by it, as in training. */
const PIXEL_SCALE = 255;

/** The model's answer for one image. */
export interface SplitPrediction {
  index: number;
  label: number;
  predicted: number;
  confidence: number;
}

/**
 * Runs `model` on the images `indices` of `split` (uint8, divided by 255 like training) and returns the
 * arg-max class and its probability for each, in the order given. Tensors are freed (`tf.tidy`).
 */
export async function predictSplit(model: LayersModel, split: Split, indices: readonly number[]): Promise<SplitPrediction[]> {
  const tf = await import('@tensorflow/tfjs');
  const inputShape = (model.inputs[0]?.shape ?? []).slice(1) as number[];
  const pixels = inputShape.reduce((a, b) => a * b, 1);
  const results: SplitPrediction[] = [];
  for (let start = 0; start < indices.length; start += PREDICT_BATCH_SIZE) {
    const chunk = indices.slice(start, start + PREDICT_BATCH_SIZE);
    const input = new Float32Array(chunk.length * pixels);
    chunk.forEach((index, k) => {
      const image = split.images.subarray(index * pixels, (index + 1) * pixels);
      for (let p = 0; p < pixels; p++) input[k * pixels + p] = image[p]! / PIXEL_SCALE;
    });
    const probabilities = tf.tidy(() => model.predict(tf.tensor(input, [chunk.length, ...inputShape])) as import('@tensorflow/tfjs').Tensor);
    const values = (await probabilities.data()) as Float32Array;
    probabilities.dispose();
    const classes = values.length / chunk.length;
    chunk.forEach((index, k) => {
      let best = 0;
      for (let c = 1; c < classes; c++) if (values[k * classes + c]! > values[k * classes + best]!) best = c;
      results.push({ index, label: split.labels[index]!, predicted: best, confidence: values[k * classes + best]! });
    });
  }
  return results;
}
