/** File holding the topology and the weights manifest (the URL given to `tf.loadLayersModel`). */
export const MODEL_JSON_FILE = 'model.json';
/** File with the training metadata, beside `model.json`. */
export const METADATA_FILE = 'metadata.json';
/** Largest weight shard written, in bytes (4 MiB, as the TensorFlow.js converter does). */
export const MAX_SHARD_BYTES = 4 * 1024 * 1024;
/** Weight group written by this project (one group holds all weights). */
export const WEIGHT_GROUP = 1;

/** File name of shard `index` (0-based) of `count`, in the converter's style: `group1-shard1of1.bin`. */
export function shardFileName(index: number, count: number, group = WEIGHT_GROUP): string {
  return `group${group}-shard${index + 1}of${count}.bin`;
}

const SHARD_PATTERN = /^group\d+-shard\d+of\d+\.bin$/;

/** True for the files a model save writes (and replaces): model.json, metadata.json and weight shards. */
export function isModelFile(name: string): boolean {
  return name === MODEL_JSON_FILE || name === METADATA_FILE || SHARD_PATTERN.test(name);
}

/** Folder of the training checkpoint inside a model directory (when `checkpointDir` is not given). */
export const CHECKPOINT_DIR_NAME = 'checkpoint';
/** Checksums a person (or a release) may keep beside the model files (`sha256sum * > SHA256SUMS`). */
export const CHECKSUMS_FILE = 'SHA256SUMS';
/** The report `mnist report` writes into a model directory by default, with its `report-*.svg` pictures. */
export const REPORT_FILE = 'report.html';

const REPORT_PICTURE_PATTERN = /^report-[\w.-]+\.svg$/;

/**
 * True for the entries of a previous model output that a new model replaces: the model files, and what
 * describes them (the default report and its pictures, `SHA256SUMS`), which would describe the old model.
 */
export function isModelOutputEntry(name: string): boolean {
  return isModelFile(name) || name === CHECKSUMS_FILE || name === REPORT_FILE || REPORT_PICTURE_PATTERN.test(name);
}
