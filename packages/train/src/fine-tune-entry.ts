// `@mnist/train/fine-tune`: fine-tuning that runs in browsers as well as Node (no fs, no worker_threads).
export { InvalidOptionError, TrainError, TransferDataError, type TransferDataProblem } from './errors/index.js';
export type { EvaluationResult } from './evaluate.js';
export type { History } from './history.js';
export type {
  FineTuneHyperparameters,
  FineTunePhase,
  ResolvedFineTuneHyperparameters,
} from './fine-tune/fine-tune-options.js';
export {
  DEFAULT_HELD_OUT_FRACTION,
  type FineTuneModelOptions,
  type FineTuneModelResult,
  fineTuneModel,
} from './fine-tune/fine-tune-model.js';
export { classCounts, type LabelledImages, labelledImagesFromArrays } from './fine-tune/labelled-images.js';
export type { FreezeOption } from './fine-tune/transfer-model.js';
export type { BatchEndInfo, EpochEndInfo, TrainEvent } from './train-events.js';
