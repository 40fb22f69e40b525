export { AshaPruner, type AshaOptions, DEFAULT_REDUCTION_FACTOR, PRUNERS, type PruneDecision, type PrunerName } from './asha-pruner.js';
export { readStudy, type StudyReport } from './read-study.js';
export { type EpochReport, type RunTrialOptions, runTrial, type TrialJob, type TrialOutcome } from './run-trial.js';
export {
  createSampler,
  enumerateGrid,
  MAX_GRID_SIZE,
  type ObservedTrial,
  SAMPLERS,
  type Sampler,
  type SamplerName,
  TPE_STARTUP_TRIALS,
  type TpeOptions,
  createTpeSampler,
} from './samplers.js';
export {
  type ChoiceParameter,
  type Condition,
  defaultSearchSpace,
  defineSearchSpace,
  type FloatParameter,
  type IntParameter,
  isActive,
  MAX_AUGMENTATION_STRENGTH,
  type ParameterSpec,
  type Params,
  type ParamValue,
  parseSearchSpace,
  type SearchSpace,
  TUNABLE_PARAMETERS,
} from './search-space.js';
export { BEST_CONFIG_FILE, BEST_MODEL_DIR, STUDY_FILE, STUDY_LOG_FILE, type StudyRecord, type StudySettings } from './study-store.js';
export type { FinalSummary, TrialSummary } from './study-summary.js';
export { augmentationOfStrength, type TrainConfig, type TrialSettings, trainConfigOf, trainOptionsOf } from './trial-config.js';
export {
  createLocalExecutor,
  DEFAULT_TRIALS,
  DEFAULT_TUNE_EPOCHS,
  DEFAULT_TUNE_VALIDATION_SPLIT,
  resolveTuneSettings,
  type Study,
  type TrialExecutor,
  type TrialHooks,
  type TuneEvent,
  type TuneOptions,
  tune,
} from './tune.js';
export {
  InvalidSpaceError,
  InvalidTuneOptionError,
  QueueUnavailableError,
  type StudyDifference,
  StudyDirError,
  StudyLockedError,
  StudyMismatchError,
  TuneError,
  type TuneErrorOptions,
} from './tune-error.js';
