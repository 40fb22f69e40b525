export { CorruptModelError } from './corrupt-model-error.js';
export { type FileSystemIOOptions, fileSystemIO } from './file-system-io.js';
export { loadModel } from './load-model.js';
export { MetadataNotFoundError } from './metadata-not-found-error.js';
export {
  CHECKPOINT_DIR_NAME,
  CHECKSUMS_FILE,
  isModelFile,
  isModelOutputEntry,
  MAX_SHARD_BYTES,
  METADATA_FILE,
  MODEL_JSON_FILE,
  REPORT_FILE,
  shardFileName,
} from './model-files.js';
export { ModelDirectoryError } from './model-directory-error.js';
export { ModelIOError } from './model-io-error.js';
export {
  METADATA_FORMAT_VERSION,
  type ModelMetadata,
  type ModelMetadataDataset,
  type ModelMetadataHyperparameters,
} from './model-metadata.js';
export { ModelNotFoundError } from './model-not-found-error.js';
export { readMetadata } from './read-metadata.js';
export { type SaveModelOptions, saveModel } from './save-model.js';
export { writeFileAtomic } from './write-file-atomic.js';
