import type { BackendInfo } from '../backend/index.js';
import type { EvaluationResult } from '../evaluate.js';
import type { History } from '../history.js';

/** Version of the `metadata.json` layout described by {@link ModelMetadata}. */
export const METADATA_FORMAT_VERSION = 1;

/** The dataset a model was trained on. */
export interface ModelMetadataDataset {
  name: string;
  /** Where the data came from (package, directory or URL). */
  source: string;
  classNames: string[];
  /** SHA-256 of each dataset file, by file name. */
  sha256: Record<string, string>;
  trainCount: number;
  testCount: number;
}

/** Training hyperparameters; the training loop records every option it resolved. */
export interface ModelMetadataHyperparameters {
  epochs?: number;
  batchSize?: number;
  learningRate?: number;
  optimizer?: string;
  [name: string]: unknown;
}

/** Contents of `metadata.json`, written beside `model.json` by `saveModel`. */
export interface ModelMetadata {
  formatVersion: typeof METADATA_FORMAT_VERSION;
  /**
   * Architecture name: one of `@mnist/models`' `MODEL_NAMES` for models this package trained; any
   * string when reading a directory written elsewhere.
   */
  architecture: string;
  parameters: number;
  dataset: ModelMetadataDataset;
  hyperparameters: ModelMetadataHyperparameters;
  seed: number;
  history: History;
  /** Test-set evaluation, including per-class metrics and the confusion matrix. */
  test?: EvaluationResult;
  backend: BackendInfo;
  /** Library versions by package name (and `node`). */
  versions: Record<string, string>;
  /** Wall time of the training loop, in seconds. */
  trainSeconds: number;
  /** ISO 8601 creation time. */
  createdAt: string;
  [name: string]: unknown;
}
