// Types only: TensorFlow.js and @mnist/train are imported when a command runs.
import type { ModelMetadata } from '@mnist/train';
import type { LayersModel } from '@tensorflow/tfjs';

/** A loaded model directory. */
export interface LoadedModelDir {
  model: LayersModel;
  /** `metadata.json`, or undefined when the directory has none (a plain tfjs model). */
  metadata: ModelMetadata | undefined;
}

/**
 * Loads `model.json` + weights with @mnist/train's `loadModel` and `metadata.json` with `readMetadata`
 * (a missing metadata file is allowed; a corrupt one is an error).
 * @throws ModelNotFoundError, CorruptModelError (from @mnist/train) with the file and the fix.
 */
export async function loadModelDir(dir: string): Promise<LoadedModelDir> {
  const { loadModel, MetadataNotFoundError, readMetadata } = await import('@mnist/train');
  const metadata = await readMetadata(dir).catch((error: unknown) => {
    if (error instanceof MetadataNotFoundError) return undefined;
    throw error;
  });
  const model = await loadModel(dir);
  return { model, metadata };
}
