import * as tf from '@tensorflow/tfjs-core';
import { type LayersModel, loadLayersModel } from '@tensorflow/tfjs-layers';
import { ModelCorruptError, RecognizerDisposedError } from './errors.js';
import { type Classification, DIGIT_CLASSES, type DigitReading, type ModelInfo, type Recognizer } from './load-recognizer.js';
import { MNIST_SIZE_PX, type NormalizeOptions, normalizeDigit } from './normalize-digit.js';
import type { BackendName } from './platform.js';
import { MIN_CONTRAST, preprocess } from './preprocess.js';
import type { Box } from './resample.js';
import { segmentDigits } from './segment-digits.js';
import { runOnBackend, runOnBackendAsync, type SelectedBackend } from './select-backend.js';
import { type ImageInput, toGrayscale } from './to-grayscale.js';
import { MAX_WORKING_SIZE_PX, toInkImage } from './to-ink-image.js';

// The part of a recogniser that needs TensorFlow.js. loadRecognizer imports it lazily, so bundlers
// put tfjs in chunks of their own, and an app that only preprocesses never loads them.

/**
 * Images per model call in `classifyBatch` / `readDigits`. Small enough that a call's activations
 * stay in the CPU cache: on wasm, 64 runs about 30% faster per image than 256, and over twice as fast as 1,024.
 */
const PREDICT_CHUNK = 64;
const PIXELS_PER_IMAGE = MNIST_SIZE_PX * MNIST_SIZE_PX;

function emptyResult(reason: string): Classification {
  return { digit: null, confidence: 0, probabilities: new Array<number>(DIGIT_CLASSES).fill(1 / DIGIT_CLASSES), reason };
}

function toClassification(probabilities: Float32Array, offset: number): Classification {
  const probs = Array.from(probabilities.subarray(offset, offset + DIGIT_CLASSES));
  let digit = 0;
  for (let k = 1; k < DIGIT_CLASSES; k++) if (probs[k]! > probs[digit]!) digit = k;
  return { digit, confidence: probs[digit]!, probabilities: probs };
}

class TfjsRecognizer implements Recognizer {
  private disposed = false;
  private readonly inputShape: number[];
  /** Models trained on thick strokes read them best unthinned. */
  private readonly normalizeOptions: NormalizeOptions;

  readonly backend: BackendName;

  constructor(
    private readonly network: LayersModel,
    private readonly selected: SelectedBackend,
    readonly model: ModelInfo,
  ) {
    this.backend = selected.name;
    this.inputShape = network.inputs[0]!.shape.slice(1) as number[];
    this.normalizeOptions = { thinThickStrokes: model.handlesThickStrokes !== true };
  }

  private checkLive(): void {
    if (this.disposed) throw new RecognizerDisposedError();
  }

  /** Runs the network on `count` preprocessed images; returns count x 10 probabilities. */
  async predict(pixels: Float32Array, count: number): Promise<Float32Array> {
    const out = new Float32Array(count * DIGIT_CLASSES);
    for (let start = 0; start < count; start += PREDICT_CHUNK) {
      const n = Math.min(PREDICT_CHUNK, count - start);
      this.checkLive();
      // Synchronous on this recogniser's own backend (wasm and cpu compute eagerly), so the app's
      // global tfjs backend is swapped for no longer than this call and nothing else runs meanwhile.
      runOnBackend(this.selected.backend, this.selected.name, () => {
        const probabilities = tf.tidy(() => {
          const x = tf.tensor(
            pixels.subarray(start * PIXELS_PER_IMAGE, (start + n) * PIXELS_PER_IMAGE),
            [n, ...this.inputShape],
            'float32',
          );
          return this.network.predict(x) as tf.Tensor;
        });
        try {
          out.set(probabilities.dataSync() as Float32Array, start * DIGIT_CLASSES);
        } finally {
          probabilities.dispose();
        }
      });
    }
    return out;
  }

  async classify(input: ImageInput): Promise<Classification> {
    const [result] = await this.classifyBatch([input]);
    return result!;
  }

  async classifyBatch(inputs: readonly ImageInput[]): Promise<Classification[]> {
    this.checkLive();
    const results: (Classification | undefined)[] = new Array(inputs.length);
    const pending: number[] = [];
    const pixels = new Float32Array(inputs.length * PIXELS_PER_IMAGE);
    inputs.forEach((input, i) => {
      const pre = preprocess(input, this.normalizeOptions);
      if (pre.empty) results[i] = emptyResult(pre.reason ?? 'no digit found');
      else {
        pixels.set(pre.pixels, pending.length * PIXELS_PER_IMAGE);
        pending.push(i);
      }
    });
    if (pending.length > 0) {
      const probabilities = await this.predict(pixels, pending.length);
      pending.forEach((index, k) => {
        results[index] = toClassification(probabilities, k * DIGIT_CLASSES);
      });
    }
    return results as Classification[];
  }

  async readDigits(input: ImageInput): Promise<DigitReading> {
    this.checkLive();
    const ink = toInkImage(toGrayscale(input, MAX_WORKING_SIZE_PX));
    if (ink.contrast < MIN_CONTRAST) return { text: '', digits: [] };
    const regions = segmentDigits(ink);
    const pixels = new Float32Array(regions.length * PIXELS_PER_IMAGE);
    const boxes: Box[] = [];
    // The text, line by line: digits are filled in after the model call, marks are copied as written.
    const slots: (number | string)[] = [];
    for (const region of regions) {
      if (slots.length > 0 && region.line !== regions[regions.indexOf(region) - 1]?.line) slots.push('\n');
      if (region.kind !== 'digit') {
        slots.push(region.kind);
        continue;
      }
      const digit = normalizeDigit(region.ink, region.width, region.height, this.normalizeOptions);
      if (digit.box === null) continue;
      pixels.set(digit.pixels, boxes.length * PIXELS_PER_IMAGE);
      const s = ink.scale;
      slots.push(boxes.length);
      boxes.push({
        x: Math.floor(region.box.x / s),
        y: Math.floor(region.box.y / s),
        width: Math.ceil(region.box.width / s),
        height: Math.ceil(region.box.height / s),
      });
    }
    if (boxes.length === 0) return { text: '', digits: [] };
    const probabilities = await this.predict(pixels, boxes.length);
    const digits = boxes.map((box, k) => {
      const c = toClassification(probabilities, k * DIGIT_CLASSES);
      return { digit: c.digit!, confidence: c.confidence, probabilities: c.probabilities, box };
    });
    const text = slots.map((slot) => (typeof slot === 'number' ? String(digits[slot]!.digit) : slot)).join('');
    return { text: text.replace(/^\n+|\n+$/g, '').replace(/\n{2,}/g, '\n'), digits };
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    runOnBackend(this.selected.backend, this.selected.name, () => this.network.dispose());
  }
}

function checkSignature(network: LayersModel, source: string): void {
  const input = network.inputs[0]!.shape.slice(1);
  const output = network.outputs[0]!.shape.slice(1);
  const inputSize = input.reduce<number>((a, b) => a * (b ?? Number.NaN), 1);
  if (network.inputs.length !== 1 || inputSize !== PIXELS_PER_IMAGE || output.join() !== String(DIGIT_CLASSES)) {
    network.dispose();
    throw new ModelCorruptError(
      source,
      `the model takes [${input.join(', ')}] and gives [${output.join(', ')}], not a 28x28x1 image and 10 classes`,
      'Load a digit model written by `mnist train`.',
    );
  }
}


/**
 * Builds the network from `artifacts` on the chosen backend (without changing the app's global
 * backend), checks it reads a 28x28 image into 10 classes, and warms it up.
 * @throws ModelCorruptError
 */
export async function createRecognizer(
  artifacts: tf.io.ModelArtifacts,
  selected: SelectedBackend,
  info: ModelInfo,
  source: string,
): Promise<Recognizer> {
  let network: LayersModel;
  try {
    network = await runOnBackendAsync(selected.backend, selected.name, () => loadLayersModel(tf.io.fromMemory(artifacts)));
  } catch (error) {
    throw new ModelCorruptError(source, `tfjs could not build it (${(error as Error).message})`);
  }
  runOnBackend(selected.backend, selected.name, () => checkSignature(network, source));
  const recognizer = new TfjsRecognizer(network, selected, info);
  // Warm-up: compiles kernels / allocates buffers so the first real call is fast.
  await recognizer.predict(new Float32Array(PIXELS_PER_IMAGE), 1);
  return recognizer;
}
