export {
  BackendUnavailableError,
  DataLengthError,
  InferError,
  InvalidOptionError,
  InvalidSizeError,
  ModelCorruptError,
  ModelNotFoundError,
  NonFinitePixelError,
  PixelRangeError,
  RecognizerDisposedError,
  UnsupportedInputError,
} from './errors.js';
export type { Calibration } from './apply-calibration.js';
export type { FetchFunction } from './load-model-artifacts.js';
export {
  type Classification,
  DIGIT_CLASSES,
  type DigitReading,
  type LoadRecognizerOptions,
  loadRecognizer,
  type ModelInfo,
  type ReadDigit,
  type Recognizer,
} from './load-recognizer.js';
export type { ModelManifest } from './model/bundled-model.js';
export { DIGIT_BOX_PX, MNIST_SIZE_PX } from './normalize-digit.js';
export { MIN_CONTRAST, type PreprocessOptions, type PreprocessResult, preprocess } from './preprocess.js';
export type { Box } from './resample.js';
export { type BackendName, backendPreference, type WasmPaths } from './select-backend.js';
export type { ImageInput, PixelData } from './to-grayscale.js';
export type { Polarity } from './to-ink-image.js';

import { DEFAULT_MODEL } from './model/default-model.js';

/** Manifest of the model bundled with this version of @mnist/infer (architecture, metrics, hashes). */
export const BUNDLED_MODEL_MANIFEST = DEFAULT_MODEL.manifest;

import type * as tf from '@tensorflow/tfjs';
import { bundledModelArtifacts } from './load-model-artifacts.js';

/** The bundled model's topology and weights, as `loadRecognizer()` loads them (for example to fine-tune it with @mnist/train). */
export function loadBundledModelArtifacts(): Promise<tf.io.ModelArtifacts> {
  return bundledModelArtifacts(DEFAULT_MODEL);
}
