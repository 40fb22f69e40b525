// Types only: @mnist/infer (and TensorFlow.js) are imported when a command runs.
import type { Recognizer } from '@mnist/infer';

/** Backends `--backend` of predict/read accepts (those @mnist/infer can use in Node). */
export const RECOGNIZER_BACKENDS = ['tensorflow', 'wasm', 'cpu'] as const;

/**
 * Loads an @mnist/infer recogniser from a model directory (`modelDir`, absolute) or, without one, the model
 * bundled with @mnist/infer.
 */
export async function loadCliRecognizer(modelDir: string | undefined, backend?: (typeof RECOGNIZER_BACKENDS)[number]): Promise<Recognizer> {
  const { loadRecognizer } = await import('@mnist/infer');
  return loadRecognizer({
    ...(modelDir === undefined ? {} : { modelUrl: modelDir }),
    ...(backend === undefined ? {} : { backend }),
  });
}
