export { assertQueueReachable, connectionOptions, DEFAULT_QUEUE_NAME, MAX_RECONNECT_DELAY_MS, parseQueueUrl } from './queue-connection.js';
export {
  createQueueExecutor,
  DEFAULT_QUEUE_CONCURRENCY,
  type QueueExecutorOptions,
  type QueueJobData,
  type QueueProgress,
  type QueueTrialResult,
  trialJobId,
} from './queue-executor.js';
export { DEFAULT_LOCK_MS, type QueueWorkerEvent, type QueueWorkerOptions, runQueueWorker } from './queue-worker.js';
