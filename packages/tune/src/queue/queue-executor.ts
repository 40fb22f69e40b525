import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import type { EpochReport, TrialJob, TrialOutcome } from '../run-trial.js';
import type { TrialExecutor } from '../tune.js';
import { connectionOptions, DEFAULT_QUEUE_NAME, decisionKey, sleep } from './queue-connection.js';

/** The data of a trial job on the queue. */
export interface QueueJobData {
  /** The study's id (the job-id prefix). */
  study: string;
  job: TrialJob;
}

/** A worker's progress message: the report of an epoch, waiting for the coordinator's decision. */
export interface QueueProgress {
  report: EpochReport;
  worker: string;
}

/** What a worker returns for a trial. */
export type QueueTrialResult = TrialOutcome & { worker: string };

/** Options of the queue executor (the coordinator side of `mnist tune --queue`). */
export interface QueueExecutorOptions {
  url: string;
  /** The study's id: job ids are `<study>-<trial>`, so a trial is queued once however often it is submitted. */
  studyId: string;
  /** Trials queued at once (they wait for free workers). Default 2. */
  concurrency?: number;
  queueName?: string;
  /** How often the coordinator looks at its jobs, in milliseconds. Default 250. */
  pollMs?: number;
}

/** Default number of trials the coordinator keeps on the queue at once. */
export const DEFAULT_QUEUE_CONCURRENCY = 2;

/** Job id of a trial of a study (BullMQ ids may not contain ':'). */
export function trialJobId(studyId: string, trial: number): string {
  return `${studyId}-trial-${trial}`;
}

/**
 * Runs trials on the workers of a BullMQ queue. The coordinator polls each job: it answers the
 * epoch reports a worker posts as job progress with pruning decisions (written to Redis keys the worker
 * waits on), re-adds a job that disappeared (Redis restarted without its data), and takes the result
 * when the job completes. A worker killed mid-trial leaves its job locked until the lock expires;
 * BullMQ's stalled-job check then gives it to another worker, which runs the trial again.
 */
export function createQueueExecutor(options: QueueExecutorOptions): TrialExecutor {
  const queueName = options.queueName ?? DEFAULT_QUEUE_NAME;
  const connection = connectionOptions(options.url);
  const queue = new Queue<QueueJobData, QueueTrialResult, 'trial'>(queueName, { connection });
  queue.on('error', () => undefined);
  const redis = new Redis(connection);
  redis.on('error', () => undefined);
  const pollMs = options.pollMs ?? 250;
  const add = (job: TrialJob) =>
    queue.add('trial', { study: options.studyId, job }, { jobId: trialJobId(options.studyId, job.trial), attempts: 1, removeOnComplete: false, removeOnFail: false });

  return {
    concurrency: options.concurrency ?? DEFAULT_QUEUE_CONCURRENCY,
    async run(job, hooks) {
      const jobId = trialJobId(options.studyId, job.trial);
      await add(job);
      let answered = -1;
      for (;;) {
        if (hooks.signal.aborted) {
          return { state: 'interrupted', epochs: 0, valAcc: undefined, valLoss: undefined, seconds: 0, history: { epoch: [], loss: [], acc: [], val_loss: [], val_acc: [], lr: [] } };
        }
        const current = await queue.getJob(jobId);
        if (!current) {
          // Redis lost the job (restarted without persistence): queue it again.
          await add(job);
          answered = -1;
          continue;
        }
        const state = await current.getState();
        if (state === 'completed') return current.returnvalue as QueueTrialResult;
        if (state === 'failed') throw new Error(current.failedReason || `trial ${job.trial} failed on a worker`);
        const progress = current.progress as QueueProgress | number | undefined;
        if (typeof progress === 'object' && progress !== null && progress.report && progress.report.epoch !== answered) {
          const decision = await hooks.onEpoch(progress.report);
          await redis.set(decisionKey(queueName, jobId, progress.report.epoch), decision, 'EX', 7 * 24 * 3600);
          answered = progress.report.epoch;
        }
        await sleep(pollMs);
      }
    },
    async close() {
      await queue.close();
      redis.disconnect();
    },
  };
}
