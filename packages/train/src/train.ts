import { readdir, rm, rmdir } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { batches, type MnistData, type Split, splitValidation, subset } from '@mnist/data';
import { loadMnist } from '@mnist/data/node';
import { createModel } from '@mnist/models';
import type * as tf from '@tensorflow/tfjs';
import { assertOutputDir, type OutputKind } from './assert-output-dir.js';
import { type BackendInfo, DataParallelTrainer, defaultWorkerCount, selectBackend } from './backend/index.js';
import {
  CHECKPOINT_FILE,
  type CheckpointInfo,
  type CheckpointOptions,
  RESUME_MUST_MATCH,
  readCheckpointInfo,
  restoreCheckpoint,
  writeCheckpoint,
} from './checkpoint.js';
import { createModelMetadata } from './create-model-metadata.js';
import { createOptimizer, disposeOptimizer, setLearningRate } from './create-optimizer.js';
import { createDropoutSeeder } from './seed-dropout-layers.js';
import { deriveSeed, SEED_PURPOSE } from './derive-seed.js';
import {
  CheckpointMismatchError,
  CheckpointNotFoundError,
  type OptionDifference,
  OutputDirError,
} from './errors/index.js';
import { DEFAULT_EVALUATION_BATCH_SIZE, type EvaluationResult, evaluate } from './evaluate.js';
import { createHistory, type History } from './history.js';
import { saveModel } from './io/index.js';
import { CHECKPOINT_DIR_NAME } from './io/model-files.js';
import { createLearningRateSchedule } from './learning-rate-schedule.js';
import { type ResolvedTrainOptions, resolveTrainOptions, type TrainOptions } from './train-options.js';
import { measure, trainStep } from './train-step.js';

/** A checkpoint directory of its own (`checkpointDir`): the checkpoint files, nothing else. */
const CHECKPOINT_OUTPUT: OutputKind = {
  label: 'a checkpoint',
  isOutputEntry: (name) => name === CHECKPOINT_FILE || /^weights-\d+\.bin$/.test(name) || name.startsWith('.'),
};

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

/** Throws CheckpointMismatchError unless the options that fix weights and data order match the checkpoint's. */
function assertResumable(dir: string, checkpoint: CheckpointInfo, resolved: ResolvedTrainOptions): void {
  const diffs: OptionDifference[] = [];
  for (const option of RESUME_MUST_MATCH) {
    const a = checkpoint.options[option] ?? null;
    const b = resolved[option] ?? null;
    if (JSON.stringify(a) !== JSON.stringify(b)) diffs.push({ option, checkpoint: a, requested: b });
  }
  if (diffs.length > 0) throw new CheckpointMismatchError(dir, diffs);
}

async function removeCheckpoint(dir: string): Promise<void> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return;
  }
  for (const name of names) {
    if (name === CHECKPOINT_FILE || /^weights-\d+\.bin$/.test(name)) await rm(join(dir, name), { force: true });
  }
  await rmdir(dir).catch(() => undefined);
}

/**
 * How many data-parallel workers to use. `auto` uses one per core on wasm (single-threaded in Node);
 * dropout stays deterministic there because every step sends the workers a dropout seed. tfjs-node
 * and cpu train in-process.
 */
function workerCount(requested: number | 'auto', backend: BackendInfo): number {
  if (requested !== 'auto') return requested;
  if (backend.name !== 'wasm') return 1;
  return defaultWorkerCount();
}

/** "1 image", "10,000 images". */
const countOf = (n: number, noun: string) => `${n.toLocaleString('en-US')} ${noun}${n === 1 ? '' : 's'}`;

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

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
  let checkpoint: CheckpointInfo | undefined;
  if (checkpointDir !== undefined) {
    const existing = await readCheckpointInfo(checkpointDir);
    if (resolved.resume) {
      if (!existing) throw new CheckpointNotFoundError(checkpointDir);
      assertResumable(checkpointDir, existing, resolved);
      checkpoint = existing;
    } else if (existing) {
      throw new OutputDirError({
        dir: checkpointDir,
        reason: 'unfinished-run',
        problem: `it holds the checkpoint of an unfinished run (epoch ${existing.epoch}, batch ${existing.batch})`,
        fix: 'Resume it (resume: true), or choose another output directory.',
        entries: [CHECKPOINT_FILE],
      });
    }
  }
  // A resumed run continues what its first session was allowed to do, replacing a model included.
  if (outDir !== undefined) await assertOutputDir(outDir, { overwrite: resolved.overwrite || checkpoint !== undefined });
  if (resolved.checkpointDir !== undefined) await assertOutputDir(resolved.checkpointDir, { kind: CHECKPOINT_OUTPUT, overwrite: true });

  const data: MnistData =
    options.data ??
    (await loadMnist(
      resolved.dataDir === undefined
        ? { dataset: resolved.dataset }
        : { dataset: resolved.dataset, source: 'directory', dir: resolved.dataDir },
    ));
  const backend = await selectBackend(resolved.backend);

  let trainSplit: Split = data.train;
  if (resolved.limit !== undefined) trainSplit = subset(trainSplit, Math.min(resolved.limit, trainSplit.count));
  let validation: Split | undefined;
  if (resolved.validationSplit > 0) {
    const parts = splitValidation(trainSplit, resolved.validationSplit, deriveSeed(seed, SEED_PURPOSE.validationSplit));
    trainSplit = parts.train;
    validation = parts.validation.count > 0 ? parts.validation : undefined;
  }
  const testSplit = resolved.testLimit === undefined ? data.test : subset(data.test, Math.min(resolved.testLimit, data.test.count));
  const { rows, cols } = data;
  const numClasses = data.classNames.length;
  const dropLast = trainSplit.count >= resolved.batchSize;
  const batchesPerEpoch = dropLast ? Math.floor(trainSplit.count / resolved.batchSize) : 1;
  const totalSteps = resolved.epochs * batchesPerEpoch;
  const schedule = createLearningRateSchedule(resolved.schedule, { learningRate: resolved.learningRate, totalSteps });

  const model = createModel(resolved.model, { seed, inputShape: [rows, cols, 1], numClasses });
  const optimizer = createOptimizer(resolved.optimizer, resolved.learningRate);
  const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const dropout = createDropoutSeeder(model, seed);
  let parallel: DataParallelTrainer | undefined;
  try {
    const workers = workerCount(resolved.workers, backend);
    if (workers > 1) parallel = await DataParallelTrainer.create(model, { workers, backend: backend.name });
    const workersUsed = parallel?.workerCount ?? 1;
    let history = createHistory();
    let startEpoch = 0;
    let skipBatches = 0;
    let step = 0;
    let previousSeconds = 0;
    let progress = { lossSum: 0, accSum: 0, images: 0 };
    if (checkpoint && checkpointDir !== undefined) {
      await restoreCheckpoint(checkpointDir, checkpoint, model, optimizer);
      history = checkpoint.history;
      startEpoch = checkpoint.epoch;
      skipBatches = checkpoint.batch;
      step = checkpoint.step;
      previousSeconds = checkpoint.trainSeconds;
      progress = { ...checkpoint.epochProgress };
    }

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
      workers: workersUsed,
      ...(checkpoint ? { resumedFrom: { epoch: checkpoint.epoch, batch: checkpoint.batch } } : {}),
      message:
        `Training ${resolved.model} (${model.countParams().toLocaleString('en-US')} parameters) on ${countOf(trainSplit.count, `${resolved.dataset} image`)} ` +
        `for ${countOf(resolved.epochs, 'epoch')} on the ${backend.name} backend` +
        `${workersUsed > 1 ? ` with ${workersUsed} worker threads` : ''}: ${backend.reason}` +
        (checkpoint
          ? checkpoint.batch > 0
            ? `\nResuming in epoch ${checkpoint.epoch + 1} after batch ${checkpoint.batch}/${batchesPerEpoch}.`
            : `\nResuming at the start of epoch ${checkpoint.epoch + 1} (epoch ${checkpoint.epoch} was complete).`
          : ''),
    });

    const sessionStart = performance.now();
    const elapsed = () => previousSeconds + (performance.now() - sessionStart) / 1000;
    const saveCheckpoint = async (epoch: number, batch: number) => {
      if (checkpointDir === undefined) return;
      await writeCheckpoint(
        checkpointDir,
        { epoch, batch, step, epochProgress: progress, trainSeconds: elapsed(), options: checkpointOptions(resolved), history },
        model,
        optimizer,
      );
      log({ type: 'checkpoint', dir: checkpointDir, epoch, batch, message: `Checkpoint saved to ${checkpointDir}` });
    };
    const signal = options.signal;
    let aborted = false;
    let stoppedAt: { epoch: number; batch: number } | undefined;
    let completedEpochs = startEpoch;
    let lr = schedule(Math.max(0, step - 1));

    for (let epoch = startEpoch; epoch < resolved.epochs && !aborted; epoch++) {
      const epochStart = performance.now();
      let imagesThisSession = 0;
      let batchIndex = 0;
      const generator = batches(trainSplit, {
        batchSize: resolved.batchSize,
        rows,
        cols,
        shuffle: true,
        seed: deriveSeed(seed, SEED_PURPOSE.epoch, epoch),
        augment: resolved.augment,
        dropLast,
      });
      // The next batch (shuffling, augmentation) is prepared while the workers compute this one.
      const iterator = generator[Symbol.iterator]();
      let next = iterator.next();
      while (!next.done) {
        const batch = next.value;
        if (batchIndex >= batchesPerEpoch) break;
        if (batchIndex < skipBatches) {
          batchIndex++;
          next = iterator.next();
          continue;
        }
        if (signal?.aborted) {
          aborted = true;
          break;
        }
        lr = schedule(step);
        setLearningRate(optimizer, lr);
        dropout.setStep(step);
        const stepOptions = { rows, cols, numClasses, labelSmoothing: resolved.labelSmoothing };
        let result: { loss: number; acc: number };
        if (parallel) {
          // step() posts the shards to the workers before it returns, so the generator may run now.
          const pending = parallel.step(optimizer, batch, { ...stepOptions, dropoutSeed: deriveSeed(seed, SEED_PURPOSE.dropout, step) });
          pending.catch(() => undefined); // still awaited below; this only keeps a failure from going unhandled meanwhile
          next = batchIndex + 1 < batchesPerEpoch ? iterator.next() : next;
          result = await pending;
        } else {
          result = trainStep(model, optimizer, variables, batch, stepOptions);
          next = batchIndex + 1 < batchesPerEpoch ? iterator.next() : next;
        }
        const { loss, acc } = result;
        step++;
        batchIndex++;
        imagesThisSession += batch.size;
        progress.lossSum += loss * batch.size;
        progress.accSum += acc * batch.size;
        progress.images += batch.size;
        await options.onBatchEnd?.({
          epoch: epoch + 1,
          epochs: resolved.epochs,
          batch: batchIndex,
          batchesPerEpoch,
          size: batch.size,
          loss,
          acc,
          epochLoss: progress.lossSum / progress.images,
          epochAcc: progress.accSum / progress.images,
          lr,
          imagesSeen: imagesThisSession,
          epochSeconds: (performance.now() - epochStart) / 1000,
        });
        // Lets signal handlers (SIGINT) run between synchronous training steps.
        await yieldToEventLoop();
        if (signal?.aborted && batchIndex < batchesPerEpoch) {
          aborted = true;
          break;
        }
      }
      if (aborted) {
        stoppedAt = { epoch: epoch + 1, batch: batchIndex };
        await saveCheckpoint(epoch, batchIndex);
        log({
          type: 'aborted',
          epoch: epoch + 1,
          batch: batchIndex,
          ...(checkpointDir === undefined ? {} : { checkpointDir }),
          message: `Stopped in epoch ${epoch + 1} after batch ${batchIndex}/${batchesPerEpoch}.`,
        });
        break;
      }
      skipBatches = 0;
      const loss = progress.lossSum / Math.max(1, progress.images);
      const acc = progress.accSum / Math.max(1, progress.images);
      const val = validation
        ? measure(model, validation, { rows, cols, numClasses, batchSize: DEFAULT_EVALUATION_BATCH_SIZE })
        : undefined;
      history.epoch.push(epoch + 1);
      history.loss.push(loss);
      history.acc.push(acc);
      history.lr.push(lr);
      if (val) {
        history.val_loss.push(val.loss);
        history.val_acc.push(val.acc);
      }
      progress = { lossSum: 0, accSum: 0, images: 0 };
      completedEpochs = epoch + 1;
      await options.onEpochEnd?.({
        epoch: epoch + 1,
        epochs: resolved.epochs,
        loss,
        acc,
        ...(val ? { val_loss: val.loss, val_acc: val.acc } : {}),
        lr,
        seconds: (performance.now() - epochStart) / 1000,
      });
      await saveCheckpoint(epoch + 1, 0);
      if (signal?.aborted && epoch + 1 < resolved.epochs) {
        aborted = true;
        stoppedAt = { epoch: epoch + 1, batch: batchesPerEpoch };
        log({
          type: 'aborted',
          epoch: epoch + 1,
          batch: batchesPerEpoch,
          ...(checkpointDir === undefined ? {} : { checkpointDir }),
          message: `Stopped at the end of epoch ${epoch + 1}.`,
        });
      }
    }
    const trainSeconds = elapsed();
    dropout.restore();
    await parallel?.dispose();
    parallel = undefined;

    if (aborted) {
      return {
        history,
        backend,
        trainSeconds,
        ...(checkpointDir === undefined ? {} : { checkpointDir }),
        aborted: true,
        ...(stoppedAt ? { stoppedAt } : {}),
        epochs: completedEpochs,
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
      await saveModel(model, outDir, metadata, { overwrite: resolved.overwrite || checkpoint !== undefined });
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
      epochs: completedEpochs,
      model,
      options: resolved,
    };
  } catch (error) {
    model.dispose();
    throw error;
  } finally {
    await parallel?.dispose();
    disposeOptimizer(optimizer);
  }
}
