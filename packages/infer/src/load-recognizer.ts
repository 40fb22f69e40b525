import * as tf from '@tensorflow/tfjs-core';
import { type LayersModel, loadLayersModel } from '@tensorflow/tfjs-layers';
import { ModelCorruptError, RecognizerDisposedError } from './errors.js';
import {
  bundledModelArtifacts,
  type FetchFunction,
  fetchModelArtifacts,
  fetchModelMetadata,
  readBundledModel,
} from './load-model-artifacts.js';
import type { ModelManifest } from './model/bundled-model.js';
import BUNDLED_MANIFEST from './model/manifest.json';
import { MNIST_SIZE_PX, type NormalizeOptions, normalizeDigit } from './normalize-digit.js';
import { MIN_CONTRAST, preprocess } from './preprocess.js';
import type { Box } from './resample.js';
import { segmentDigits } from './segment-digits.js';
import { type BackendName, runOnBackend, runOnBackendAsync, type SelectedBackend, selectBackend, type WasmPaths } from './select-backend.js';
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

/** Options of {@link loadRecognizer}; all optional. */
export interface LoadRecognizerOptions {
  /**
   * A model directory (or its model.json) written by `mnist train`: http(s) URL, or in Node a path /
   * file: URL. Default: the bundled model (then neither fetched nor needed when this is given).
   */
  modelUrl?: string;
  /**
   * Use this tfjs backend; by default the fastest that works (browser: wasm, then cpu if the app
   * registered it; Node: tensorflow (tfjs-node) if installed, wasm, cpu). `webgl` needs the app to
   * import `@tensorflow/tfjs-backend-webgl`.
   */
  backend?: BackendName;
  /**
   * Where tfjs-backend-wasm's .wasm files are served from (a directory URL ending in `/`, or a map
   * of file name to URL). Default: the copies this package ships, which the app's bundler emits.
   */
  wasmPaths?: WasmPaths;
  /** fetch implementation used for `modelUrl` (default: the global fetch). */
  fetch?: FetchFunction;
}

/** The answer for one image. */
export interface Classification {
  /** 0..9, or null when there is no digit to read (see `reason`). */
  digit: number | null;
  /** Probability of `digit` (0 when `digit` is null). */
  confidence: number;
  /** 10 probabilities summing to 1 (uniform when `digit` is null). */
  probabilities: number[];
  /** Why `digit` is null. */
  reason?: string;
}

/** One digit found by `readDigits`, with its place in the input (pixels). */
export interface ReadDigit {
  digit: number;
  confidence: number;
  probabilities: number[];
  box: Box;
}

/** A row of digits read left to right. */
export interface DigitReading {
  /** The digits as a string, e.g. '2026' ('' when there is no ink). */
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
  };
}

/** A loaded model with MNIST-style preprocessing in front of it. */
export interface Recognizer {
  /** The tfjs backend this recogniser's model runs on (whatever the app's global tfjs backend is). */
  readonly backend: BackendName;
  readonly model: ModelInfo;
  /**
   * Reads the single digit in an image.
   *
   * @returns The digit with its confidence and 10 probabilities. For a blank or uniform image (or
   *   only specks): `digit: null`, `confidence: 0`, uniform probabilities and a `reason`.
   * @throws UnsupportedInputError, InvalidSizeError, DataLengthError, NonFinitePixelError,
   *   PixelRangeError for malformed input; RecognizerDisposedError after `dispose()`.
   */
  classify(input: ImageInput): Promise<Classification>;
  /**
   * {@link Recognizer.classify} for many images in one model call per 64 images (faster per image).
   *
   * @returns One result per input, in order; blank inputs give `digit: null` as in `classify`. An
   *   empty array gives an empty array.
   * @throws As `classify`, for the first malformed input (nothing is returned then).
   */
  classifyBatch(inputs: readonly ImageInput[]): Promise<Classification[]>;
  /**
   * Reads a row of digits left to right (e.g. "2026" written in one box), each with its box in
   * input pixels.
   *
   * @returns `{ text, digits }`; for a blank image `{ text: '', digits: [] }`.
   * @throws As `classify`.
   */
  readDigits(input: ImageInput): Promise<DigitReading>;
  /** Frees the model's weights. Later calls throw RecognizerDisposedError; calling it twice is harmless. */
  dispose(): void;
}

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
      const c = toClassification(probabilities, k * DIGIT_CLASSES);
      return { digit: c.digit!, confidence: c.confidence, probabilities: c.probabilities, box };
    });
    return { text: digits.map((d) => d.digit).join(''), digits };
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

/** Manifest of the bundled model, typed (the JSON file is the release pipeline's output). */
export const BUNDLED_MODEL_MANIFEST: ModelManifest = BUNDLED_MANIFEST as ModelManifest;

/**
 * Loads a recogniser: picks a backend and loads the bundled model (from disk in Node, fetched as one
 * cached asset in browsers, in parallel with the wasm binary) or `modelUrl` (then the bundled model
 * is not fetched), and warms it up. The app's global tfjs backend is left as it was: the recogniser
 * runs on its own backend, reported by `recognizer.backend`.
 *
 * @throws BackendUnavailableError (no backend works; for wasm, the URL tried and what came back),
 *   ModelNotFoundError (missing file, HTTP error), ModelUnreachableError (no answer at all),
 *   ModelCorruptError (invalid, truncated or altered model, or not a 28x28 to 10-class model).
 */
export async function loadRecognizer(options: LoadRecognizerOptions = {}): Promise<Recognizer> {
  const source = options.modelUrl ?? 'bundled';
  const artifactsPromise =
    options.modelUrl === undefined
      ? readBundledModel().then((bytes) => bundledModelArtifacts(bytes, BUNDLED_MODEL_MANIFEST))
      : fetchModelArtifacts(options.modelUrl, options.fetch);
  // Both start now: the model download overlaps the wasm download and compilation.
  artifactsPromise.catch(() => undefined);
  const selected = await selectBackend(options.backend, options.wasmPaths);
  const artifacts = await artifactsPromise;
  let network: LayersModel;
  try {
    network = await runOnBackendAsync(selected.backend, selected.name, () => loadLayersModel(tf.io.fromMemory(artifacts)));
  } catch (error) {
    throw new ModelCorruptError(source, `tfjs could not build it (${(error as Error).message})`);
  }
  runOnBackend(selected.backend, selected.name, () => checkSignature(network, source));
  const info: ModelInfo =
    options.modelUrl === undefined
      ? bundledModelInfo(BUNDLED_MODEL_MANIFEST)
      : { source, ...(await fetchModelMetadata(options.modelUrl, options.fetch)) };
  const recognizer = new TfjsRecognizer(network, selected, info);
  // Warm-up: compiles kernels / allocates buffers so the first real call is fast.
  await recognizer.predict(new Float32Array(PIXELS_PER_IMAGE), 1);
  return recognizer;
}
