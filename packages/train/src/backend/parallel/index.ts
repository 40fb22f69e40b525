export {
  type DataParallelOptions,
  DataParallelTrainer,
  defaultWorkerCount,
  type ParallelBatch,
  type ParallelStepOptions,
} from './data-parallel-trainer.js';
export { GradientWorkerError } from './gradient-worker-error.js';
