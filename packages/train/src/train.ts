import { join } from 'node:path';
import { type MnistData, type Split, splitValidation, subset } from '@mnist/data';
import { loadMnist } from '@mnist/data/node';
import { createModel } from '@mnist/models';
import type * as tf from '@tensorflow/tfjs';
import { assertOutputDir, type OutputKind } from './assert-output-dir.js';
import { type BackendInfo, selectBackend } from './backend/index.js';
import {
  CHECKPOINT_FILE,
  type CheckpointInfo,
  type CheckpointOptions,
  RESUME_MUST_MATCH,
  restoreCheckpoint,
  writeCheckpoint,
} from './checkpoint.js';
import { createModelMetadata } from './create-model-metadata.js';
import { createOptimizer, disposeOptimizer } from './create-optimizer.js';
import { deriveSeed, SEED_PURPOSE } from './derive-seed.js';
import { openCheckpoint, removeCheckpoint } from './open-checkpoint.js';
import { DEFAULT_EVALUATION_BATCH_SIZE, type EvaluationResult, evaluate } from './evaluate.js';
import type { History } from './history.js';
import type { TrainEvent } from './train-events.js';
import { saveModel } from './io/index.js';
import { CHECKPOINT_DIR_NAME } from './io/model-files.js';

// fineTune() and the CLI name the checkpoint folder through this module too.
export { CHECKPOINT_DIR_NAME };
import { createLearningRateSchedule } from './learning-rate-schedule.js';
import { type ResolvedTrainOptions, resolveTrainOptions, type TrainOptions } from './train-options.js';
import { epochShape, type RunPosition, runEpochs } from './run-epochs.js';
import { createStepper, type Stepper } from './create-stepper.js';

/** A checkpoint directory of its own (`checkpointDir`): the checkpoint files, nothing else. */
const CHECKPOINT_OUTPUT: OutputKind = {
  label: 'a checkpoint',
  isOutputEntry: (name) => name === CHECKPOINT_FILE || /^weights-\d+\.bin$/.test(name) || name.startsWith('.'),
};

/** "1 image", "10,000 images". */
const countOf = (n: number, noun: string) => `${n.toLocaleString('en-US')} ${noun}${n === 1 ? '' : 's'}`;

/** What `train()` resolves with. */
export interface TrainResult {
  history: History;
  /** Test-set evaluation; absent when the run was aborted. */
  test?: EvaluationResult;
  backend: BackendInfo;
  /** Wall-clock seconds of the training loop (all sessions of a resumed run, without data loading and test evaluation). */
  trainSeconds: number;
  /** Where the model was saved; absent without `outDir` or when aborted. */
  modelDir?: string;
  /** Where the checkpoint is (kept after an abort, or with `keepCheckpoint`). */
  checkpointDir?: string;
  /** True when `signal` stopped the run before it finished. */
  aborted: boolean;
  /** When aborted: the 1-based epoch in progress and the batches of it that were done. */
  stoppedAt?: { epoch: number; batch: number };
  /** Completed epochs. */
  epochs: number;
  /** The trained model; the caller owns it (call `model.dispose()`). */
  model: tf.LayersModel;
  /** The options after applying the preset and defaults. */
  options: ResolvedTrainOptions;
}

function checkpointOptions(resolved: ResolvedTrainOptions): CheckpointOptions {
  const { outDir: _o, checkpointDir: _c, overwrite: _w, resume: _r, keepCheckpoint: _k, ...rest } = resolved;
  return rest;
}

/** Train, validation and test splits of a run, with the options' limits applied. */
function prepareSplits(data: MnistData, resolved: ResolvedTrainOptions): { trainSplit: Split; validation?: Split; testSplit: Split } {
  let trainSplit: Split = data.train;
  if (resolved.limit !== undefined) trainSplit = subset(trainSplit, Math.min(resolved.limit, trainSplit.count));
  let validation: Split | undefined;
  if (resolved.validationSplit > 0) {
    const parts = splitValidation(trainSplit, resolved.validationSplit, deriveSeed(resolved.seed, SEED_PURPOSE.validationSplit));
    trainSplit = parts.train;
    validation = parts.validation.count > 0 ? parts.validation : undefined;
  }
  const testSplit = resolved.testLimit === undefined ? data.test : subset(data.test, Math.min(resolved.testLimit, data.test.count));
  return { trainSplit, ...(validation ? { validation } : {}), testSplit };
}

/** The checkpoint state of a run at `position`, written to `dir`, and the event that says so. */
export function checkpointSaver(options: {
  dir: string | undefined;
  model: tf.LayersModel;
  optimizer: tf.Optimizer;
  options: Record<string, unknown>;
  log: (event: TrainEvent) => void;
}): ((position: RunPosition) => Promise<void>) | undefined {
  const { dir } = options;
  if (dir === undefined) return undefined;
  return async (position) => {
    await writeCheckpoint(dir, { ...position, options: options.options as CheckpointOptions }, options.model, options.optimizer);
    options.log({ type: 'checkpoint', dir, epoch: position.epoch, batch: position.batch, message: `Checkpoint saved to ${dir}` });
  };
}

/** The position a restored checkpoint continues from. */
export function positionOf(checkpoint: CheckpointInfo): RunPosition {
  return {
    history: checkpoint.history,
    epoch: checkpoint.epoch,
    batch: checkpoint.batch,
    step: checkpoint.step,
    epochProgress: { ...checkpoint.epochProgress },
    trainSeconds: checkpoint.trainSeconds,
  };
}

/**
 * Trains a model from `@mnist/models` on MNIST (or Fashion-MNIST) with a custom loop: per-batch
 * learning-rate schedule, seeded shuffling/augmentation/initialisation, a checkpoint at every epoch end,
 * abort via `signal`, resume, then a test-set evaluation and (with `outDir`) an atomically saved model
 * directory with `metadata.json`.
 *
 * @throws InvalidOptionError for bad options, OutputDirError for an unusable `outDir`,
 *   CheckpointNotFoundError / CheckpointMismatchError / CorruptCheckpointError when resuming, and the
 *   data package's errors for a missing or corrupt dataset.
 */
export async function train(options: TrainOptions = {}): Promise<TrainResult> {
  const resolved = resolveTrainOptions(options);
  const { outDir, seed } = resolved;
  const checkpointDir = resolved.checkpointDir ?? (outDir === undefined ? undefined : join(outDir, CHECKPOINT_DIR_NAME));
  const log = options.onLog ?? (() => undefined);

  // Everything that can be checked before any work is done, is.
  const checkpoint =
    checkpointDir === undefined
      ? undefined
      : await openCheckpoint({
          dir: checkpointDir,
          resume: resolved.resume,
          requested: resolved as unknown as Record<string, unknown>,
          mustMatch: RESUME_MUST_MATCH,
          resumeHint: 'mnist train --resume',
        });
  // A resumed run continues what its first session was allowed to do, replacing a model included.
  const overwrite = resolved.overwrite || checkpoint !== undefined;
  if (outDir !== undefined) await assertOutputDir(outDir, { overwrite });
  if (resolved.checkpointDir !== undefined) await assertOutputDir(resolved.checkpointDir, { kind: CHECKPOINT_OUTPUT, overwrite: true });

  const data: MnistData =
    options.data ??
    (await loadMnist(
      resolved.dataDir === undefined
        ? { dataset: resolved.dataset }
        : { dataset: resolved.dataset, source: 'directory', dir: resolved.dataDir },
    ));
  const backend = await selectBackend(resolved.backend);
  const { trainSplit, validation, testSplit } = prepareSplits(data, resolved);
  const { rows, cols } = data;
  const numClasses = data.classNames.length;
  const { batchesPerEpoch } = epochShape(trainSplit.count, resolved.batchSize);
  const schedule = createLearningRateSchedule(resolved.schedule, {
    learningRate: resolved.learningRate,
    totalSteps: resolved.epochs * batchesPerEpoch,
  });

  const model = createModel(resolved.model, { ...resolved.modelOptions, seed, inputShape: [rows, cols, 1], numClasses });
  const optimizer = createOptimizer(resolved.optimizer, resolved.learningRate);
  let stepper: Stepper | undefined;
  try {
    stepper = await createStepper(model, optimizer, { ...resolved, backend, rows, cols, numClasses });
    if (checkpoint && checkpointDir !== undefined) await restoreCheckpoint(checkpointDir, checkpoint, model, optimizer);

    log({
      type: 'start',
      model: resolved.model,
      parameters: model.countParams(),
      dataset: resolved.dataset,
      backend,
      trainCount: trainSplit.count,
      validationCount: validation?.count ?? 0,
      testCount: testSplit.count,
      epochs: resolved.epochs,
      batchSize: resolved.batchSize,
      batchesPerEpoch,
      workers: stepper.workers,
      ...(checkpoint ? { resumedFrom: { epoch: checkpoint.epoch, batch: checkpoint.batch } } : {}),
      message:
        `Training ${resolved.model} (${model.countParams().toLocaleString('en-US')} parameters) on ${countOf(trainSplit.count, `${resolved.dataset} image`)} ` +
        `for ${countOf(resolved.epochs, 'epoch')} on the ${backend.name} backend` +
        `${stepper.workers > 1 ? ` with ${stepper.workers} worker threads` : ''}: ${backend.reason}` +
        (checkpoint
          ? checkpoint.batch > 0
            ? `\nResuming in epoch ${checkpoint.epoch + 1} after batch ${checkpoint.batch}/${batchesPerEpoch}.`
            : `\nResuming at the start of epoch ${checkpoint.epoch + 1} (epoch ${checkpoint.epoch} was complete).`
          : ''),
    });

    const run = await runEpochs({
      model,
      optimizer,
      trainSplit,
      validation,
      rows,
      cols,
      numClasses,
      epochs: resolved.epochs,
      batchSize: resolved.batchSize,
      augment: resolved.augment,
      seed,
      schedule,
      startStep: stepper.startStep,
      resumeFrom: checkpoint ? positionOf(checkpoint) : undefined,
      saveCheckpoint: checkpointSaver({ dir: checkpointDir, model, optimizer, options: checkpointOptions(resolved), log }),
      onBatchEnd: options.onBatchEnd,
      onEpochEnd: options.onEpochEnd,
      log,
      signal: options.signal,
      checkpointDir,
    });
    const workersUsed = stepper.workers;
    await stepper.dispose();
    stepper = undefined;
    const { history, trainSeconds } = run;

    if (run.aborted) {
      return {
        history,
        backend,
        trainSeconds,
        ...(checkpointDir === undefined ? {} : { checkpointDir }),
        aborted: true,
        ...(run.stoppedAt ? { stoppedAt: run.stoppedAt } : {}),
        epochs: run.epochs,
        model,
        options: resolved,
      };
    }

    if (!resolved.evaluateTest) {
      return {
        history,
        backend,
        trainSeconds,
        ...(checkpointDir === undefined ? {} : { checkpointDir }),
        aborted: false,
        epochs: run.epochs,
        model,
        options: resolved,
      };
    }
    log({ type: 'evaluate', count: testSplit.count, message: `Evaluating on ${countOf(testSplit.count, 'test image')}` });
    const test = await evaluate(model, testSplit, { batchSize: DEFAULT_EVALUATION_BATCH_SIZE, classNames: data.classNames });
    if (outDir !== undefined) {
      const metadata = createModelMetadata({
        model,
        options: resolved,
        data,
        trainCount: trainSplit.count,
        history,
        test,
        backend,
        trainSeconds,
        workers: workersUsed,
      });
      await saveModel(model, outDir, metadata, { overwrite });
      log({ type: 'saved', dir: outDir, message: `Model saved to ${outDir}` });
      if (checkpointDir !== undefined && !resolved.keepCheckpoint) await removeCheckpoint(checkpointDir);
    }
    return {
      history,
      test,
      backend,
      trainSeconds,
      ...(outDir === undefined ? {} : { modelDir: outDir }),
      ...(checkpointDir !== undefined && (resolved.keepCheckpoint || outDir === undefined) ? { checkpointDir } : {}),
      aborted: false,
      epochs: run.epochs,
      model,
      options: resolved,
    };
  } catch (error) {
    model.dispose();
    throw error;
  } finally {
    await stepper?.dispose();
    disposeOptimizer(optimizer);
  }
}

