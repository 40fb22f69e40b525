import type * as tf from '@tensorflow/tfjs';
import { fileSystemIO } from './file-system-io.js';
import type { ModelMetadata } from './model-metadata.js';

/**
 * Saves `model` to directory `dir` in the TensorFlow.js layers format (`model.json` + weight shards),
 * with `metadata` as `metadata.json` beside it, atomically: everything is written and fsynced into a
 * temporary sibling directory that is then renamed into place. An existing directory is replaced
 * safely (renamed away, the new one renamed in, the old removed); entries of it that are not model
 * files (such as a `checkpoint/` folder) are kept. A crash leaves either the previous model or the new
 * one, never a half-written directory that loads. Temporary directories left by saves whose process
 * died are removed by the next save.
 * @throws ModelDirectoryError when `dir` exists and is a file; the file system's errors otherwise.
 */
export async function saveModel(model: tf.LayersModel, dir: string, metadata?: ModelMetadata): Promise<void> {
  await model.save(fileSystemIO(dir, metadata === undefined ? {} : { metadata }));
}
