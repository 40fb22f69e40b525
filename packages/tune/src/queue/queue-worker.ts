import { hostname } from 'node:os';
import type { MnistData } from '@mnist/data';
import { loadMnist } from '@mnist/data/node';
import type { BackendRequest } from '@mnist/train';
import { type Job, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import type { PruneDecision } from '../asha-pruner.js';
import { runTrial } from '../run-trial.js';
import { connectionOptions, DEFAULT_QUEUE_NAME, decisionKey, sleep } from './queue-connection.js';
import type { QueueJobData, QueueProgress, QueueTrialResult } from './queue-executor.js';

/** Default lock of a job, in milliseconds: a killed worker's trial goes back to the queue after about this long. */
export const DEFAULT_LOCK_MS = 30_000;

/** Events of a queue worker. */
export type QueueWorkerEvent =
  | { type: 'ready'; worker: string; queue: string }
  | { type: 'trial-start'; trial: number; study: string; attempt: number }
  | { type: 'epoch'; trial: number; epoch: number; epochs: number; valAcc: number; decision: PruneDecision }
  | { type: 'trial-end'; trial: number; state: string; valAcc: number | undefined };

/** Options of `runQueueWorker`. */
export interface QueueWorkerOptions {
  url: string;
  queueName?: string;
  /** Job lock in milliseconds (see {@link DEFAULT_LOCK_MS}). */
  lockMs?: number;
  dataDir?: string;
  backend?: BackendRequest;
  workers?: number | 'auto';
  /** Aborting stops the current trial and leaves its job for another worker; the promise then resolves. */
  signal?: AbortSignal;
  onEvent?: (event: QueueWorkerEvent) => void;
}

/**
 * Takes trials from the queue one at a time and trains them with all this machine's cores, until
 * `signal` aborts. After each epoch it posts the report as job progress and waits for the
 * coordinator's pruning decision.
 */
export async function runQueueWorker(options: QueueWorkerOptions): Promise<void> {
  const queueName = options.queueName ?? DEFAULT_QUEUE_NAME;
  const connection = connectionOptions(options.url);
  const id = `${hostname()}:${process.pid}`;
  const emit = options.onEvent ?? (() => undefined);
  const redis = new Redis(connection);
  redis.on('error', () => undefined);
  const datasets = new Map<string, Promise<MnistData>>();
  const stop = new AbortController();
  const lockMs = options.lockMs ?? DEFAULT_LOCK_MS;

  const processor = async (job: Job<QueueJobData, QueueTrialResult>): Promise<QueueTrialResult> => {
    const { job: trialJob } = job.data;
    const dataset = trialJob.settings.dataset;
    let data = datasets.get(dataset);
    if (!data) {
      data = loadMnist(options.dataDir === undefined ? { dataset } : { dataset, source: 'directory', dir: options.dataDir });
      datasets.set(dataset, data);
    }
    emit({ type: 'trial-start', trial: trialJob.trial, study: job.data.study, attempt: job.attemptsStarted });
    const outcome = await runTrial(trialJob, {
      data: await data,
      ...(options.backend === undefined ? {} : { backend: options.backend }),
      ...(options.workers === undefined ? {} : { workers: options.workers }),
      signal: stop.signal,
      onEpoch: async (report) => {
        const progress: QueueProgress = { report, worker: id };
        const key = decisionKey(queueName, job.id as string, report.epoch);
        await job.updateProgress(progress as unknown as object);
        for (let polls = 1; ; polls++) {
          const decision = await redis.get(key);
          if (decision === 'prune' || decision === 'continue') {
            emit({ type: 'epoch', trial: trialJob.trial, epoch: report.epoch, epochs: report.epochs, valAcc: report.valAcc, decision });
            return decision;
          }
          if (stop.signal.aborted) return 'continue';
          // Post the report again now and then: a coordinator that restarted has not seen it.
          if (polls % 20 === 0) await job.updateProgress(progress as unknown as object);
          await sleep(250);
        }
      },
    });
    if (outcome.state === 'interrupted') throw new Error('worker stopped');
    emit({ type: 'trial-end', trial: trialJob.trial, state: outcome.state, valAcc: outcome.valAcc });
    return { ...outcome, worker: id };
  };

  const worker = new Worker<QueueJobData, QueueTrialResult>(queueName, processor, {
    connection,
    concurrency: 1,
    lockDuration: lockMs,
    stalledInterval: Math.max(1000, Math.floor(lockMs / 2)),
    maxStalledCount: 100,
    autorun: false,
  });
  worker.on('error', () => undefined);
  const stopped = new Promise<void>((resolve) => {
    const onAbort = () => {
      stop.abort();
      // Close without waiting for the running job: its lock expires and another worker takes it.
      void worker.close(true).finally(resolve);
    };
    if (options.signal?.aborted) onAbort();
    else options.signal?.addEventListener('abort', onAbort, { once: true });
  });
  await worker.waitUntilReady();
  emit({ type: 'ready', worker: id, queue: queueName });
  void worker.run();
  await stopped;
  redis.disconnect();
}
