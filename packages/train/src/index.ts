// Backend selection and the wasm gradient kernels.
export * from './backend/index.js';
// Saving/loading models and evaluation.
export * from './io/index.js';
export * from './evaluate.js';
// The training loop.
export {
  type AssertOutputDirOptions,
  assertOutputDir,
  MODEL_OUTPUT,
  type OutputDirCheck,
  type OutputKind,
} from './assert-output-dir.js';
export { assertWritableDir } from './assert-writable-dir.js';
export {
  CHECKPOINT_FILE,
  CHECKPOINT_FORMAT,
  CHECKPOINT_FORMAT_VERSION,
  type CheckpointInfo,
  type CheckpointOptions,
  type CheckpointState,
  type CheckpointTensorSpec,
  RESUME_MUST_MATCH,
  readCheckpointInfo,
  restoreCheckpoint,
  writeCheckpoint,
} from './checkpoint.js';
export { createModelMetadata, describeDataSource, type ModelMetadataInput } from './create-model-metadata.js';
export { createOptimizer, disposeOptimizer, OPTIMIZERS, type OptimizerName, SGD_MOMENTUM, setLearningRate } from './create-optimizer.js';
export { deriveSeed, SEED_PURPOSE } from './derive-seed.js';
export {
  CheckpointMismatchError,
  CheckpointNotFoundError,
  CorruptCheckpointError,
  InvalidOptionError,
  type OptionDifference,
  OutputDirError,
  type OutputDirErrorOptions,
  type OutputDirReason,
  TrainError,
  TransferDataError,
  type TransferDataProblem,
} from './errors/index.js';
export { createHistory, type History } from './history.js';
export {
  createLearningRateSchedule,
  type LearningRateSchedule,
  type LearningRateScheduleOptions,
  ONE_CYCLE_END_DIVISOR,
  ONE_CYCLE_START_DIVISOR,
  ONE_CYCLE_WARMUP_FRACTION,
  SCHEDULES,
  type ScheduleName,
} from './learning-rate-schedule.js';
export { createDropoutSeeder, type DropoutSeeder } from './seed-dropout-layers.js';
export { BEST_AUGMENTATION, DEFAULT_PRESET, PRESETS, type Preset, type PresetName } from './presets.js';
export { type TrainResult, train } from './train.js';
export type { BatchEndInfo, EpochEndInfo, TrainEvent } from './train-events.js';
export {
  type ArchitectureOptions,
  DATASET_NAMES,
  DEFAULT_SEED,
  MAX_SEED,
  type ResolvedTrainOptions,
  resolveTrainOptions,
  type TrainOptions,
} from './train-options.js';
export { crossEntropy, measure, PROBABILITY_EPSILON, smoothedTargets, trainStep } from './train-step.js';
// Transfer learning (the browser-safe part is also at `@mnist/train/fine-tune`).
export { type FineTuneData, type FineTuneOptions, type FineTuneResult, fineTune } from './fine-tune.js';
export type { FineTuneHyperparameters, FineTunePhase } from './fine-tune/fine-tune-options.js';
export { classCounts, type LabelledImages, labelledImagesFromArrays } from './fine-tune/labelled-images.js';
export { IMAGE_EXTENSIONS, loadIdxPair, loadImageFolder } from './fine-tune/load-image-folder.js';
export type { FreezeOption } from './fine-tune/transfer-model.js';
