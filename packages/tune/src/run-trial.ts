import { rm } from 'node:fs/promises';
import type { MnistData } from '@mnist/data';
import { type BackendRequest, type History, readCheckpointInfo, train } from '@mnist/train';
import type { PruneDecision } from './asha-pruner.js';
import type { Params } from './search-space.js';
import { type TrialSettings, trainConfigOf, trainOptionsOf } from './trial-config.js';

/** One trial to run: its number, parameters and the study's shared settings. Plain JSON (it travels through the queue). */
export interface TrialJob {
  trial: number;
  params: Params;
  settings: TrialSettings;
}

/** What a trial reports after each epoch. */
export interface EpochReport {
  trial: number;
  epoch: number;
  epochs: number;
  valAcc: number;
  valLoss: number;
  acc: number;
  loss: number;
  seconds: number;
}

/** How a trial ended. `interrupted`: stopped by the caller's signal, to be resumed or re-run. */
export interface TrialOutcome {
  state: 'complete' | 'pruned' | 'interrupted';
  epochs: number;
  valAcc: number | undefined;
  valLoss: number | undefined;
  seconds: number;
  history: History;
}

/** Where and how a trial trains, besides the job itself. */
export interface RunTrialOptions {
  data?: MnistData;
  dataDir?: string;
  backend?: BackendRequest;
  workers?: number | 'auto';
  /** Checkpoint directory: an interrupted trial resumes from its checkpoint here. */
  checkpointDir?: string;
  signal?: AbortSignal;
  /** Called after each epoch; `prune` stops the trial there. */
  onEpoch(report: EpochReport): Promise<PruneDecision>;
}

/**
 * Trains one trial with `@mnist/train` on the training images less the validation split (the test
 * set is not evaluated), asking `onEpoch` after every epoch whether to go on.
 */
export async function runTrial(job: TrialJob, options: RunTrialOptions): Promise<TrialOutcome> {
  const config = trainConfigOf(job.params, job.settings);
  const pruning = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, pruning.signal]) : pruning.signal;
  let resume = false;
  if (options.checkpointDir !== undefined) {
    try {
      resume = (await readCheckpointInfo(options.checkpointDir)) !== undefined;
    } catch {
      // An unreadable checkpoint (killed while it was written): the trial starts over.
      await rm(options.checkpointDir, { recursive: true, force: true });
    }
  }
  let pruned = false;
  const result = await train({
    ...trainOptionsOf(config),
    ...(options.data ? { data: options.data } : {}),
    ...(options.dataDir === undefined ? {} : { dataDir: options.dataDir }),
    backend: options.backend ?? 'auto',
    workers: options.workers ?? 'auto',
    ...(options.checkpointDir === undefined ? {} : { checkpointDir: options.checkpointDir, resume }),
    evaluateTest: false,
    signal,
    onEpochEnd: async (info) => {
      const decision = await options.onEpoch({
        trial: job.trial,
        epoch: info.epoch,
        epochs: info.epochs,
        valAcc: info.val_acc ?? Number.NaN,
        valLoss: info.val_loss ?? Number.NaN,
        acc: info.acc,
        loss: info.loss,
        seconds: info.seconds,
      });
      if (decision === 'prune' && info.epoch < info.epochs) {
        pruned = true;
        pruning.abort();
      }
    },
  });
  result.model.dispose();
  const { history } = result;
  const last = history.val_acc.length - 1;
  const outcome = {
    epochs: result.epochs,
    valAcc: last >= 0 ? history.val_acc[last] : undefined,
    valLoss: last >= 0 ? history.val_loss[last] : undefined,
    seconds: result.trainSeconds,
    history,
  };
  if (result.aborted && !pruned) return { state: 'interrupted', ...outcome };
  return { state: pruned ? 'pruned' : 'complete', ...outcome };
}
