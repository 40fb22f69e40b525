import { countMultiplyAdds } from './count-multiply-adds.js';
import { MODEL_NAMES, type ModelName, MODELS } from './models.js';

/** One row of {@link listModels}. */
export interface ModelListing {
  name: ModelName;
  description: string;
  /** Total parameters (trainable and not) with the default 28×28×1 input and 10 classes. */
  parameters: number;
  /** Multiply-adds of one forward pass for one image (see `countMultiplyAdds`). */
  multiplyAdds: number;
}

let cache: ModelListing[] | undefined;

/** The registry with parameter counts, measured by building each model once (then cached and disposed). */
export function listModels(): ModelListing[] {
  if (cache === undefined) {
    cache = MODEL_NAMES.map((name) => {
      const model = MODELS[name].create();
      try {
        return { name, description: MODELS[name].description, parameters: model.countParams(), multiplyAdds: countMultiplyAdds(model) };
      } finally {
        model.dispose();
      }
    });
  }
  return cache.map((row) => ({ ...row }));
}
