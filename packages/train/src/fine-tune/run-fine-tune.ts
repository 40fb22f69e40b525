// Browser-safe: the phases of fine-tuning on the shared epoch runner. Where steps run (in-process or
// on workers) and whether checkpoints are kept is decided by the caller's hooks.
import type { Split } from '@mnist/data';
import type * as tf from '@tensorflow/tfjs';
import { createOptimizer, disposeOptimizer } from '../create-optimizer.js';
import { deriveSeed, SEED_PURPOSE } from '../derive-seed.js';
import { createHistory, type History } from '../history.js';
import { createLearningRateSchedule } from '../learning-rate-schedule.js';
import { epochShape, type RunPosition, runEpochs, type StartStep } from '../run-epochs.js';
import type { FineTuneHyperparameters, FineTunePhase, ResolvedFineTuneHyperparameters } from './fine-tune-options.js';
import { IMAGE_SIDE_PX } from './labelled-images.js';
import { unfreezeAll } from './transfer-model.js';

/** What a phase needs from its surroundings. */
export interface PhaseHooks {
  /** A step function for `model` with `optimizer` (its trainable weights as they are now). */
  createStepper(
    model: tf.LayersModel,
    optimizer: tf.Optimizer,
    numClasses: number,
  ): Promise<{ startStep: StartStep; workers: number; dispose(): Promise<void> }>;
  /** Restores a checkpoint of `phase` into model and optimizer, if there is one, and says where to save the next. */
  checkpoint?(
    phase: FineTunePhase,
    model: tf.LayersModel,
    optimizer: tf.Optimizer,
  ): Promise<{ resumeFrom?: RunPosition; save?: (position: RunPosition) => Promise<void>; dir?: string }>;
}

/** What {@link runFineTune} resolves with. */
export interface FineTuneRun {
  /** Both phases, epochs numbered on from the first phase's. */
  history: History;
  trainSeconds: number;
  aborted: boolean;
  stoppedAt?: { phase: FineTunePhase; epoch: number; batch: number };
  /** Data-parallel workers used (1: in-process). */
  workers: number;
}

function append(into: History, from: History, offset: number): void {
  into.epoch.push(...from.epoch.map((e) => e + offset));
  into.loss.push(...from.loss);
  into.acc.push(...from.acc);
  into.val_loss.push(...from.val_loss);
  into.val_acc.push(...from.val_acc);
  into.lr.push(...from.lr);
}

/**
 * Trains a prepared transfer model (see `buildTransferModel`) on `trainSplit`: the frozen phase, then
 * (with `unfreeze`) every layer at the lower learning rate with a fresh optimizer. Each phase runs on
 * the epoch runner `train()` uses, so shuffling, augmentation, dropout, callbacks, abort and
 * checkpoints behave the same.
 */
export async function runFineTune(
  model: tf.LayersModel,
  trainSplit: Split,
  validation: Split | undefined,
  numClasses: number,
  resolved: ResolvedFineTuneHyperparameters,
  callbacks: Pick<FineTuneHyperparameters, 'onBatchEnd' | 'onEpochEnd' | 'onLog' | 'signal'>,
  hooks: PhaseHooks,
): Promise<FineTuneRun> {
  const phases: { phase: FineTunePhase; epochs: number; learningRate: number; seed: number }[] = [
    { phase: 'frozen', epochs: resolved.epochs, learningRate: resolved.learningRate, seed: resolved.seed },
  ];
  if (resolved.unfreeze) {
    phases.push({
      phase: 'unfrozen',
      epochs: resolved.unfreeze.epochs,
      learningRate: resolved.unfreeze.learningRate,
      seed: deriveSeed(resolved.seed, SEED_PURPOSE.unfrozenPhase),
    });
  }
  const history = createHistory();
  let trainSeconds = 0;
  let workers = 1;
  for (const { phase, epochs, learningRate, seed } of phases) {
    if (phase === 'unfrozen') unfreezeAll(model);
    const optimizer = createOptimizer(resolved.optimizer, learningRate);
    const stepper = await hooks.createStepper(model, optimizer, numClasses);
    try {
      workers = stepper.workers;
      const checkpoint = (await hooks.checkpoint?.(phase, model, optimizer)) ?? {};
      const { batchesPerEpoch } = epochShape(trainSplit.count, resolved.batchSize);
      const offset = history.epoch.length;
      const run = await runEpochs({
        model,
        optimizer,
        trainSplit,
        validation,
        rows: IMAGE_SIDE_PX,
        cols: IMAGE_SIDE_PX,
        numClasses,
        epochs,
        batchSize: resolved.batchSize,
        augment: resolved.augment,
        seed,
        schedule: createLearningRateSchedule(resolved.schedule, { learningRate, totalSteps: epochs * batchesPerEpoch }),
        startStep: stepper.startStep,
        resumeFrom: checkpoint.resumeFrom,
        saveCheckpoint: checkpoint.save,
        checkpointDir: checkpoint.dir,
        onBatchEnd: callbacks.onBatchEnd && ((info) => callbacks.onBatchEnd!({ ...info, phase })),
        onEpochEnd: callbacks.onEpochEnd && ((info) => callbacks.onEpochEnd!({ ...info, phase })),
        log: callbacks.onLog,
        signal: callbacks.signal,
      });
      append(history, run.history, offset);
      trainSeconds += run.trainSeconds;
      if (run.aborted) {
        return { history, trainSeconds, aborted: true, ...(run.stoppedAt ? { stoppedAt: { phase, ...run.stoppedAt } } : {}), workers };
      }
    } finally {
      await stepper.dispose();
      disposeOptimizer(optimizer);
    }
  }
  return { history, trainSeconds, aborted: false, workers };
}
