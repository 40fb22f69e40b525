import * as tf from '@tensorflow/tfjs';
import { applyCalibration, type Calibration, parseCalibration } from './apply-calibration.js';
import { InvalidOptionError, ModelCorruptError, RecognizerDisposedError } from './errors.js';
import {
  bundledModelArtifacts,
  type FetchFunction,
  fetchModelArtifacts,
  fetchModelMetadata,
} from './load-model-artifacts.js';
import type { ModelManifest } from './model/bundled-model.js';
import { DEFAULT_MODEL } from './model/default-model.js';
import { MNIST_SIZE_PX, type NormalizeOptions, normalizeDigit } from './normalize-digit.js';
import { MIN_CONTRAST, preprocess } from './preprocess.js';
import type { Box } from './resample.js';
import { segmentDigits } from './segment-digits.js';
import { type BackendName, selectBackend, type WasmPaths } from './select-backend.js';
import { type ImageInput, toGrayscale } from './to-grayscale.js';
import { MAX_WORKING_SIZE_PX, toInkImage } from './to-ink-image.js';

/** Number of classes (digits 0..9). */
export const DIGIT_CLASSES = 10;
/**
 * Images per model call in `classifyBatch` / `readDigits`. Small enough that a call's activations
 * stay in the CPU cache: on wasm, 64 runs about 30% faster per image than 256, and over twice as fast as 1,024.
 */
const PREDICT_CHUNK = 64;
const PIXELS_PER_IMAGE = MNIST_SIZE_PX * MNIST_SIZE_PX;

export interface LoadRecognizerOptions {
  /** A model directory (or its model.json) written by `mnist train`: http(s) URL, or in Node a path / file: URL. Default: the bundled model. */
  modelUrl?: string;
  /** Force a tfjs backend; by default the fastest that works (browser: webgl, wasm, cpu; Node: tensorflow, wasm, cpu). */
  backend?: BackendName;
  /** Where tfjs-backend-wasm's .wasm files are served from (browsers/bundlers); see the README. */
  wasmPaths?: WasmPaths;
  /** fetch implementation used for `modelUrl` (default: the global fetch). */
  fetch?: FetchFunction;
  /**
   * Answer `digit: null` (with a `reason`, the real `confidence` and `probabilities`) when the
   * calibrated confidence is below this, in [0, 1]. Default 0: always answer. The README's threshold
   * table says what share of inputs each threshold answers and how accurate those answers are.
   */
  minConfidence?: number;
  /**
   * Apply the model's calibration (default true). `false` gives the network's raw softmax, e.g. to
   * fit a calibration.
   */
  calibrated?: boolean;
}

/** The answer for one image. */
export interface Classification {
  /** 0..9, or null when there is no digit to read (see `reason`). */
  digit: number | null;
  /**
   * Calibrated probability that `digit` is right: among answers given with confidence about p, about
   * p are right. 0 when there is no digit to read; below `minConfidence` the digit is withheld
   * (`digit: null`) and this is the most likely digit's probability.
   */
  confidence: number;
  /** 10 calibrated probabilities summing to 1 (uniform when there is no digit to read). */
  probabilities: number[];
  /** Why `digit` is null. */
  reason?: string;
}

/** One digit found by `readDigits`, with its place in the input (pixels). */
export interface ReadDigit {
  /** null when the confidence is below `minConfidence` (shown as `?` in `text`). */
  digit: number | null;
  confidence: number;
  probabilities: number[];
  box: Box;
}

/** A row of digits read left to right. */
export interface DigitReading {
  /** The digits as a string, e.g. '2026' ('' when there is no ink; '?' for a digit below `minConfidence`). */
  text: string;
  digits: ReadDigit[];
}

/** Facts about the loaded model. */
export interface ModelInfo {
  /** 'bundled' or the modelUrl it came from. */
  source: string;
  /** The model's release version (the bundled manifest's `modelVersion`, or `metadata.json`'s), when it has one. */
  version?: string;
  /** Content id of the bundled weights, `sha256-<16 hex digits>`. */
  id?: string;
  architecture?: string;
  /** Number of weights. */
  parameters?: number;
  /** Accuracy on the MNIST test set, in [0, 1], as measured when the model was made. */
  testAccuracy?: number;
  /**
   * True when the model was trained with strokes thickened by at least one pixel (stroke-width
   * augmentation, recorded in its metadata): the recogniser then leaves thick strokes as they are
   * instead of thinning them (`preprocess`'s `thinThickStrokes`).
   */
  handlesThickStrokes?: boolean;
  /** The calibration the recogniser applies to the network's probabilities, when the model carries one. */
  calibration?: Calibration;
}

/** Digits of the weights' SHA-256 used in a content id. */
const MODEL_ID_HEX_DIGITS = 16;

/** Describes the bundled model from its manifest (optional fields only when present). */
export function bundledModelInfo(manifest: ModelManifest): ModelInfo {
  // `modelVersion` / `modelId` are stamped by the release flow; older manifests lack them.
  const extra = manifest as ModelManifest & { modelVersion?: unknown; version?: unknown; modelId?: unknown };
  const version = extra.modelVersion ?? extra.version;
  const id = typeof extra.modelId === 'string' ? extra.modelId : `sha256-${manifest.weights.sha256.slice(0, MODEL_ID_HEX_DIGITS)}`;
  return {
    source: 'bundled',
    ...(typeof version === 'string' ? { version } : {}),
    id,
    architecture: manifest.architecture,
    parameters: manifest.parameters,
    ...(manifest.metrics.testAccuracy === undefined ? {} : { testAccuracy: manifest.metrics.testAccuracy }),
    ...(manifest.handlesThickStrokes === true ? { handlesThickStrokes: true } : {}),
    ...(parseCalibration(manifest.calibration) ? { calibration: parseCalibration(manifest.calibration) } : {}),
  };
}

export interface Recognizer {
  /** The tfjs backend in use. */
  readonly backend: BackendName;
  readonly model: ModelInfo;
  classify(input: ImageInput): Promise<Classification>;
  classifyBatch(inputs: readonly ImageInput[]): Promise<Classification[]>;
  readDigits(input: ImageInput): Promise<DigitReading>;
  /** Frees the model's weights. Later calls throw RecognizerDisposedError. */
  dispose(): void;
}

function emptyResult(reason: string): Classification {
  return { digit: null, confidence: 0, probabilities: new Array<number>(DIGIT_CLASSES).fill(1 / DIGIT_CLASSES), reason };
}

function toClassification(probabilities: Float32Array, offset: number, minConfidence: number): Classification {
  const probs = Array.from(probabilities.subarray(offset, offset + DIGIT_CLASSES));
  let digit = 0;
  for (let k = 1; k < DIGIT_CLASSES; k++) if (probs[k]! > probs[digit]!) digit = k;
  const confidence = probs[digit]!;
  if (confidence < minConfidence) {
    return {
      digit: null,
      confidence,
      probabilities: probs,
      reason: `unsure: the most likely digit, ${digit}, has confidence ${confidence.toFixed(3)}, below minConfidence ${minConfidence}`,
    };
  }
  return { digit, confidence, probabilities: probs };
}

class TfjsRecognizer implements Recognizer {
  private disposed = false;
  private readonly inputShape: number[];
  /** Models trained on thick strokes read them best unthinned. */
  private readonly normalizeOptions: NormalizeOptions;

  constructor(
    private readonly network: tf.LayersModel,
    readonly backend: BackendName,
    readonly model: ModelInfo,
    private readonly calibration: Calibration | undefined,
    private readonly minConfidence: number,
  ) {
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
      const probabilities = tf.tidy(() => {
        const x = tf.tensor(
          pixels.subarray(start * PIXELS_PER_IMAGE, (start + n) * PIXELS_PER_IMAGE),
          [n, ...this.inputShape],
          'float32',
        );
        return this.network.predict(x) as tf.Tensor;
      });
      try {
        out.set((await probabilities.data()) as Float32Array, start * DIGIT_CLASSES);
      } finally {
        probabilities.dispose();
      }
    }
    applyCalibration(out, count, DIGIT_CLASSES, this.calibration);
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
        results[index] = toClassification(probabilities, k * DIGIT_CLASSES, this.minConfidence);
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
    for (const region of regions) {
      const digit = normalizeDigit(region.ink, region.width, region.height, this.normalizeOptions);
      if (digit.box === null) continue;
      pixels.set(digit.pixels, boxes.length * PIXELS_PER_IMAGE);
      const s = ink.scale;
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
      const c = toClassification(probabilities, k * DIGIT_CLASSES, this.minConfidence);
      return { digit: c.digit, confidence: c.confidence, probabilities: c.probabilities, box };
    });
    return { text: digits.map((d) => (d.digit === null ? '?' : String(d.digit))).join(''), digits };
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.network.dispose();
  }
}

function checkSignature(network: tf.LayersModel, source: string): void {
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
 * Loads a recogniser: picks a backend, loads the bundled model (no network) or `modelUrl`, and
 * warms it up.
 *
 * @throws BackendUnavailableError, ModelNotFoundError, ModelCorruptError
 */
export async function loadRecognizer(options: LoadRecognizerOptions = {}): Promise<Recognizer> {
  const minConfidence = options.minConfidence ?? 0;
  if (typeof minConfidence !== 'number' || !(minConfidence >= 0 && minConfidence <= 1)) {
    throw new InvalidOptionError({ option: 'minConfidence', expected: 'a number in [0, 1]', found: minConfidence });
  }
  const backend = await selectBackend(options.backend, options.wasmPaths);
  const source = options.modelUrl ?? 'bundled';
  const artifacts =
    options.modelUrl === undefined
      ? await bundledModelArtifacts(DEFAULT_MODEL)
      : await fetchModelArtifacts(options.modelUrl, options.fetch);
  let network: tf.LayersModel;
  try {
    network = await tf.loadLayersModel(tf.io.fromMemory(artifacts));
  } catch (error) {
    throw new ModelCorruptError(source, `tfjs could not build it (${(error as Error).message})`);
  }
  checkSignature(network, source);
  const info: ModelInfo =
    options.modelUrl === undefined
      ? bundledModelInfo(DEFAULT_MODEL.manifest)
      : { source, ...(await fetchModelMetadata(options.modelUrl, options.fetch)) };
  const calibration = options.calibrated === false ? undefined : info.calibration;
  const recognizer = new TfjsRecognizer(network, backend, info, calibration, minConfidence);
  // Warm-up: compiles kernels / allocates buffers so the first real call is fast.
  await recognizer.predict(new Float32Array(PIXELS_PER_IMAGE), 1);
  return recognizer;
}
