import * as tf from '@tensorflow/tfjs';
import { CorruptModelError } from './corrupt-model-error.js';
import { fileSystemIO } from './file-system-io.js';
import { MODEL_JSON_FILE } from './model-files.js';
import { ModelIOError } from './model-io-error.js';
import { join } from 'node:path';

/**
 * Loads a model directory written by `saveModel` (or any TensorFlow.js layers model directory).
 * @throws ModelNotFoundError when `dir/model.json` does not exist; CorruptModelError when `model.json` is
 * not valid JSON, a shard is missing or its size does not match the manifest, or the topology cannot be
 * rebuilt into a model.
 */
export async function loadModel(dir: string): Promise<tf.LayersModel> {
  try {
    return await tf.loadLayersModel(fileSystemIO(dir));
  } catch (error) {
    if (error instanceof ModelIOError) throw error;
    const path = join(dir, MODEL_JSON_FILE);
    throw new CorruptModelError(
      path,
      `Expected ${path} to describe a loadable layers model, but TensorFlow.js rejected it (${(error as Error).message}). ` +
        'Re-save the model with this version of @mnist/train.',
      { cause: error },
    );
  }
}
