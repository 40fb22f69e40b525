// Browser-safe public surface of @mnist/data. Node-only loading lives in "@mnist/data/node".
export { type AugmentOptions, type AugmentRequest, augment, changeStrokeWidth, MAX_STROKE } from './augment';
export { addSpeckle, binarize, boxNormalize, breakStrokes, downsample, upsample } from './image-transforms';
export { type Batch, type BatchesOptions, batches } from './batches';
export { createRng } from './create-rng';
export { type CreateSplitOptions, createSplit } from './create-split';
export {
  CLASS_COUNT,
  DATASETS,
  DEBIAN_FASHION_MNIST_DIR,
  type DatasetFiles,
  type DatasetInfo,
  type DatasetName,
  datasetFileNames,
  getDataset,
  IMAGE_COLS,
  IMAGE_ROWS,
  MAX_PIXEL_VALUE,
  PIXELS_PER_IMAGE,
  TEST_IMAGE_COUNT,
  TRAIN_IMAGE_COUNT,
} from './datasets';
export {
  ChecksumError,
  CountMismatchError,
  DownloadError,
  GzipError,
  IdxMagicError,
  IdxSizeError,
  IdxTypeError,
  ImageSizeError,
  InvalidOptionError,
  LabelRangeError,
  MnistDataError,
  NoSourceError,
} from './errors';
export { gunzipIfNeeded, isGzip } from './gunzip';
export { type LoadMnistBrowserOptions, loadMnist } from './load-mnist-browser';
export { normalize } from './normalize';
export { encodeIdx, IDX_TYPES, type IdxResult, type IdxType, parseIdx, type TypedArray } from './parse-idx';
export { permutation } from './permutation';
export { type MnistData, pixelsPerImage, type Split } from './split';
export { splitValidation } from './split-validation';
export { subset } from './subset';
export { sha256Hex, verifyChecksum } from './verify-checksum';
