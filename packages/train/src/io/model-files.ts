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
