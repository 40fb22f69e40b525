/** SHA-256 and size of one file of a model directory. */
export interface ManifestFile {
  path: string;
  bytes: number;
  sha256: string;
}

/**
 * What a model is, where it came from, and how to check it is intact. An open object: fields a
 * newer release pipeline adds (e.g. calibration) are kept as they are.
 */
export interface ModelManifest {
  formatVersion: 1;
  /** Architecture name from metadata.json (e.g. `cnn-bn`). */
  architecture: string;
  parameters: number;
  /** How the weights are stored in the bundle. */
  quantization: 'none' | 'float16' | 'uint8';
  /** Files of the model directory the bundle was made from, as they were. */
  sourceFiles: ManifestFile[];
  /** Size and SHA-256 of the bundled (possibly quantised) weight bytes. */
  weights: { bytes: number; sha256: string };
  /** Size and SHA-256 of the whole bundled model file (`default-model.bin`: topology + weights). */
  file?: { path: string; bytes: number; sha256: string };
  /** Metrics from metadata.json, plus the bundle's own accuracy check when it was measured. */
  metrics: { testAccuracy?: number; testCount?: number; bundledTestAccuracy?: number };
  createdAt?: string;
  /** The @mnist/infer version that first ships these weights (stamped by `mnist release`). */
  modelVersion?: string;
  /** Content id of the bundled weights: `sha256-` + the first 16 hex digits of `weights.sha256` (stamped by `mnist release`). */
  modelId?: string;
  /** Input and output shapes, batch dimension null, e.g. `{ input: [null, 28, 28, 1], output: [null, 10] }` (stamped by `mnist release`). */
  signature?: { input: (number | null)[]; output: (number | null)[] };
  /** Trained with strokes thickened by at least one pixel (from metadata.json's augmentation); see `ModelInfo.handlesThickStrokes`. */
  handlesThickStrokes?: boolean;
  /** Any other field the release pipeline records. */
  [field: string]: unknown;
}

/** A tfjs weight entry (name, shape, dtype, optional quantization), as in model.json. */
export interface BundledWeightSpec {
  name: string;
  shape: number[];
  dtype: 'float32' | 'int32' | 'bool' | 'string' | 'complex64';
  quantization?: { dtype: 'uint8' | 'uint16' | 'float16'; min?: number; scale?: number; original_dtype?: string };
}
