import type * as tf from '@tensorflow/tfjs';
import { fileSystemIO } from './file-system-io.js';
import type { ModelMetadata } from './model-metadata.js';

/** Options of {@link saveModel}. */
export interface SaveModelOptions {
  /**
   * Replace the model already in `dir` (its model files, `metadata.json`, `SHA256SUMS` and default
   * report). Without it a directory holding a model is refused.
   */
  overwrite?: boolean;
}

/**
 * Saves `model` to directory `dir` in the TensorFlow.js layers format (`model.json` + weight shards),
 * with `metadata` as `metadata.json` beside it.
 *
 * The directory follows the output rules of `assertOutputDir`: a new or empty directory is used; one
 * holding a model is replaced only with `overwrite`; any other non-empty directory, a file in the way or
 * an unwritable place is refused before anything is written. A new directory gets the mode the umask
 * gives (0755 with umask 022); an existing one keeps its mode, owner and inode, and entries such as a
 * `checkpoint/` folder are left alone.
 *
 * The save is atomic on the model's own files: they are written and fsynced into a hidden folder inside
 * `dir`, the old model files moved aside with `model.json` first, and the new ones moved in with
 * `model.json` last. A crash leaves the previous model, the new one, or a directory that does not load
 * and whose error says where both copies are; working folders of dead saves are removed by the next save.
 * @throws OutputDirError when `dir` cannot be used; the file system's errors otherwise.
 */
export async function saveModel(model: tf.LayersModel, dir: string, metadata?: ModelMetadata, options: SaveModelOptions = {}): Promise<void> {
  await model.save(fileSystemIO(dir, { ...(metadata === undefined ? {} : { metadata }), overwrite: options.overwrite === true }));
}
