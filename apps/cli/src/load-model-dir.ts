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

/**
 * The architecture of @mnist/models a model has, judged by its layers (types, output shapes, parameter
 * counts), for a plain tfjs model without metadata.json; undefined when it is none of them.
 */
export async function identifyArchitecture(model: LayersModel): Promise<string | undefined> {
  const { createModel, MODEL_NAMES } = await import('@mnist/models');
  const signature = (m: LayersModel) =>
    JSON.stringify(m.layers.map((layer) => [layer.getClassName(), layer.outputShape, layer.countParams()]));
  const wanted = signature(model);
  const inputShape = model.inputs[0]?.shape.slice(1) as number[] | undefined;
  const numClasses = model.outputs[0]?.shape.at(-1);
  for (const name of MODEL_NAMES) {
    let candidate: LayersModel | undefined;
    try {
      candidate = createModel(name, {
        ...(inputShape?.length === 3 ? { inputShape: inputShape as [number, number, number] } : {}),
        ...(typeof numClasses === 'number' ? { numClasses } : {}),
      });
      if (signature(candidate) === wanted) return name;
    } catch {
      // A shape this architecture cannot take: not this one.
    } finally {
      candidate?.dispose();
    }
  }
  return undefined;
}

/** How a model is named in evaluate and report: metadata's architecture, else the one its layers match. */
export async function describeArchitecture(model: LayersModel, metadata: ModelMetadata | undefined): Promise<string> {
  if (metadata !== undefined) return metadata.architecture;
  const known = await identifyArchitecture(model);
  return known === undefined ? 'a tfjs layers model (no metadata.json)' : `${known} (recognised from its layers; no metadata.json)`;
}
