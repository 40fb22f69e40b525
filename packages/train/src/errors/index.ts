export { CheckpointMismatchError, type OptionDifference } from './checkpoint-mismatch-error.js';
export { CheckpointNotFoundError } from './checkpoint-not-found-error.js';
export { CorruptCheckpointError } from './corrupt-checkpoint-error.js';
export { InvalidOptionError } from './invalid-option-error.js';
export { OutputDirError, type OutputDirErrorOptions, type OutputDirReason } from './output-dir-error.js';
export { TrainError } from './train-error.js';
export { type TransferDataProblem, TransferDataError } from './transfer-data-error.js';
