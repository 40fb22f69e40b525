import { type AugmentOptions, type DatasetName, MAX_STROKE } from '@mnist/data';
import type { ModelName } from '@mnist/models';
import { type ArchitectureOptions, BEST_AUGMENTATION, type OptimizerName, type ScheduleName, type TrainOptions } from '@mnist/train';
import type { Params } from './search-space.js';

/** What every trial of a study shares: the search fixes these, the space varies the rest. */
export interface TrialSettings {
  model: ModelName;
  dataset: DatasetName;
  /** Epochs of a full trial (a space's `epochs` parameter overrides it per trial). */
  epochs: number;
  limit: number | undefined;
  validationSplit: number;
  seed: number;
}

/**
 * A training configuration: the options of `train()` that a trial (or `mnist train --config`) uses.
 * `best.json` holds one, with `tune` describing where it came from.
 */
export interface TrainConfig {
  model: ModelName;
  modelOptions?: ArchitectureOptions;
  dataset: DatasetName;
  epochs: number;
  batchSize?: number;
  optimizer?: OptimizerName;
  learningRate?: number;
  schedule?: ScheduleName;
  labelSmoothing?: number;
  augment?: false | AugmentOptions;
  validationSplit: number;
  seed: number;
  limit?: number;
}

/** The augmentation of a strength: 0 off, 1 the `best` preset's, others scaled. */
export function augmentationOfStrength(strength: number): false | AugmentOptions {
  if (strength <= 0) return false;
  const stroke = BEST_AUGMENTATION.stroke;
  const scaled = (v: number | undefined) => (v === undefined ? undefined : v * strength);
  return {
    ...(BEST_AUGMENTATION.rotation === undefined ? {} : { rotation: BEST_AUGMENTATION.rotation * strength }),
    ...(BEST_AUGMENTATION.scale === undefined ? {} : { scale: BEST_AUGMENTATION.scale * strength }),
    ...(BEST_AUGMENTATION.translation === undefined ? {} : { translation: BEST_AUGMENTATION.translation * strength }),
    ...(stroke === undefined
      ? {}
      : typeof stroke === 'number'
        ? { stroke: Math.min(MAX_STROKE, stroke * strength) }
        : { stroke: { thin: Math.min(MAX_STROKE, scaled(stroke.thin) ?? 0), thicken: Math.min(MAX_STROKE, scaled(stroke.thicken) ?? 0) } }),
  };
}

const MODEL_OPTION_KEYS = ['activation', 'dropout', 'filters', 'denseUnits', 'batchNorm'] as const;
const TRAIN_KEYS = ['batchSize', 'optimizer', 'learningRate', 'schedule', 'labelSmoothing', 'epochs'] as const;

/** The training configuration of a trial: the study's settings with the trial's parameters applied. */
export function trainConfigOf(params: Params, settings: TrialSettings): TrainConfig {
  const config: TrainConfig = {
    model: (typeof params.model === 'string' ? params.model : settings.model) as ModelName,
    dataset: settings.dataset,
    epochs: settings.epochs,
    validationSplit: settings.validationSplit,
    seed: settings.seed,
    ...(settings.limit === undefined ? {} : { limit: settings.limit }),
    // The fast preset's values for what the space leaves out.
    augment: false,
  };
  for (const key of TRAIN_KEYS) {
    if (Object.hasOwn(params, key)) (config as unknown as Record<string, unknown>)[key] = params[key];
  }
  if (typeof params.augmentation === 'number') config.augment = augmentationOfStrength(params.augmentation);
  const modelOptions: Record<string, unknown> = {};
  for (const key of MODEL_OPTION_KEYS) {
    if (Object.hasOwn(params, key)) modelOptions[key] = params[key];
  }
  if (Object.keys(modelOptions).length > 0) config.modelOptions = modelOptions as ArchitectureOptions;
  return config;
}

/** The `train()` options of a configuration (the caller adds callbacks, backend and data). */
export function trainOptionsOf(config: TrainConfig): TrainOptions {
  const { limit, model, ...rest } = config;
  // A name read from a space or a config file; train() checks it against the model registry.
  return { preset: 'fast', model: model as TrainOptions['model'], ...rest, ...(limit === undefined ? {} : { limit }) };
}
