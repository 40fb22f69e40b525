import type { io } from '@tensorflow/tfjs-core';
import type { FetchFunction } from './load-model-artifacts.js';
import { bundledModelArtifacts, fetchModelArtifacts, fetchModelMetadata, readBundledModel } from './load-model-artifacts.js';
import type { ModelManifest } from './model/bundled-model.js';
import BUNDLED_MANIFEST from './model/manifest.json';
import type { BackendName, WasmPaths } from './platform.js';
import type { Box } from './resample.js';
import type { ImageInput } from './to-grayscale.js';

/** Number of classes (digits 0..9). */
export const DIGIT_CLASSES = 10;

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
  /**
   * The digits as a string, e.g. '2026' ('' when there is no ink). Marks written between digits are kept
   * as `.`, `,` or `-` ('3.14', '1,5', '12-34'); other small marks are dropped, never read as digits.
   * Several rows of digits are read line by line, joined with '\n' ('12\n34').
   */
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

/** Manifest of the bundled model, typed (the JSON file is the release pipeline's output). */
export const BUNDLED_MODEL_MANIFEST: ModelManifest = BUNDLED_MANIFEST as ModelManifest;

/**
 * The bundled model's topology and weights, as `loadRecognizer()` loads them (for example to
 * fine-tune it with @mnist/train): read from disk in Node, fetched in browsers, checked against
 * {@link BUNDLED_MODEL_MANIFEST}.
 *
 * @throws ModelCorruptError (truncated or altered model file), ModelNotFoundError (file missing)
 */
export async function loadBundledModelArtifacts(): Promise<io.ModelArtifacts> {
  return bundledModelArtifacts(await readBundledModel(), BUNDLED_MODEL_MANIFEST);
}

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
  // The model download starts now and overlaps loading tfjs and the wasm binary.
  const artifactsPromise =
    options.modelUrl === undefined
      ? readBundledModel().then((bytes) => bundledModelArtifacts(bytes, BUNDLED_MODEL_MANIFEST))
      : fetchModelArtifacts(options.modelUrl, options.fetch);
  artifactsPromise.catch(() => undefined);
  // TensorFlow.js is imported here, not at the top: bundlers split it into chunks of its own.
  const [{ selectBackend }, { createRecognizer }] = await Promise.all([import('./select-backend.js'), import('./tfjs-recognizer.js')]);
  const selected = await selectBackend(options.backend, options.wasmPaths);
  const artifacts = await artifactsPromise;
  const info: ModelInfo =
    options.modelUrl === undefined
      ? bundledModelInfo(BUNDLED_MODEL_MANIFEST)
      : { source, ...(await fetchModelMetadata(options.modelUrl, options.fetch)) };
  return createRecognizer(artifacts, selected, info, source);
}
