export {
  BackendUnavailableError,
  DataLengthError,
  InferError,
  InvalidSizeError,
  ModelCorruptError,
  ModelNotFoundError,
  ModelUnreachableError,
  NonFinitePixelError,
  PixelRangeError,
  RecognizerDisposedError,
  UnsupportedInputError,
} from './errors.js';
export type { FetchFunction } from './load-model-artifacts.js';
export {
  BUNDLED_MODEL_MANIFEST,
  type Classification,
  DIGIT_CLASSES,
  type DigitReading,
  type LoadRecognizerOptions,
  loadBundledModelArtifacts,
  loadRecognizer,
  type ModelInfo,
  type ReadDigit,
  type Recognizer,
} from './load-recognizer.js';
export type { ModelManifest } from './model/bundled-model.js';
export { DIGIT_BOX_PX, MNIST_SIZE_PX } from './normalize-digit.js';
export { MIN_CONTRAST, type PreprocessOptions, type PreprocessResult, preprocess } from './preprocess.js';
export type { Box } from './resample.js';
export { type BackendName, backendPreference, type WasmPaths } from './platform.js';
export type { ImageInput, PixelData } from './to-grayscale.js';
export type { Polarity } from './to-ink-image.js';
