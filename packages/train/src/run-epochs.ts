// Browser-safe: no fs, no worker_threads. Shared by train() and fineTune() (Node) and by the
// in-browser fine-tuning entry.
import { type AugmentOptions, type Batch, batches, type Split } from '@mnist/data';
import type * as tf from '@tensorflow/tfjs';
import { setLearningRate } from './create-optimizer.js';
import { deriveSeed, SEED_PURPOSE } from './derive-seed.js';
import { DEFAULT_EVALUATION_BATCH_SIZE } from './evaluate.js';
import { createHistory, type History } from './history.js';
import type { BatchEndInfo, EpochEndInfo, TrainEvent } from './train-events.js';
import { measure } from './train-step.js';

/** Where a run stands: what a checkpoint records besides the tensors and the options. */
export interface RunPosition {
  history: History;
  /** Completed epochs. */
  epoch: number;
  /** Batches already done in epoch `epoch + 1` (0 at an epoch boundary). */
  batch: number;
  /** Optimizer steps done in total (the learning-rate schedule position). */
  step: number;
  /** Running sums of the partly done epoch. */
  epochProgress: { lossSum: number; accSum: number; images: number };
  /** Seconds of training so far. */
  trainSeconds: number;
}

/**
 * Starts one optimizer step on `batch` with the learning rate already set. The returned promise may
 * settle later (data-parallel workers): the runner prepares the next batch meanwhile.
 */
export type StartStep = (batch: Batch, step: number) => Promise<{ loss: number; acc: number }>;

/** What {@link runEpochs} needs: the data, the schedule, one way to take a step, and the callbacks. */
export interface EpochRunnerOptions {
  model: tf.LayersModel;
  optimizer: tf.Optimizer;
  trainSplit: Split;
  validation?: Split | undefined;
  rows: number;
  cols: number;
  numClasses: number;
  epochs: number;
  batchSize: number;
  augment: false | AugmentOptions;
  /** Run seed: each epoch's shuffle and augmentation use `deriveSeed(seed, SEED_PURPOSE.epoch, epoch)`. */
  seed: number;
  /** Learning rate of each optimizer step. */
  schedule: (step: number) => number;
  startStep: StartStep;
  /** Continue from here (a restored checkpoint). */
  resumeFrom?: RunPosition | undefined;
  /** Called at every epoch end and when the run is stopped mid-epoch. */
  saveCheckpoint?: ((position: RunPosition) => Promise<void>) | undefined;
  onBatchEnd?: ((info: BatchEndInfo) => void | Promise<void>) | undefined;
  onEpochEnd?: ((info: EpochEndInfo) => void | Promise<void>) | undefined;
  /** Receives the `aborted` event. */
  log?: ((event: TrainEvent) => void) | undefined;
  /** Aborting finishes the current batch, saves a checkpoint and resolves with `aborted: true`. */
  signal?: AbortSignal | undefined;
  /** Names the checkpoint directory in the `aborted` event. */
  checkpointDir?: string | undefined;
}

/** What {@link runEpochs} resolves with. */
export interface EpochRunResult {
  history: History;
  /** Completed epochs. */
  epochs: number;
  /** Seconds of training over all sessions of the run. */
  trainSeconds: number;
  aborted: boolean;
  /** When aborted: the 1-based epoch in progress and the batches of it that were done. */
  stoppedAt?: { epoch: number; batch: number };
}

/** Batches per epoch and whether the last short batch is dropped (kept when the split is smaller than a batch). */
export function epochShape(count: number, batchSize: number): { batchesPerEpoch: number; dropLast: boolean } {
  const dropLast = count >= batchSize;
  return { batchesPerEpoch: dropLast ? Math.floor(count / batchSize) : 1, dropLast };
}

/** Lets signal handlers (SIGINT) and the page run between synchronous training steps. */
const yieldToEventLoop = (): Promise<void> =>
  new Promise((resolve) => (typeof setImmediate === 'function' ? setImmediate(resolve) : setTimeout(resolve, 0)));

const now = (): number => performance.now();

/**
 * The epoch loop shared by every training entry: seeded shuffling and augmentation per epoch, the
 * learning-rate schedule per step, running loss/accuracy, validation and history at each epoch end,
 * a checkpoint at every epoch end, and one abort path (finish the batch, checkpoint, report where it
 * stopped). Resuming from a {@link RunPosition} skips the batches already done, so a resumed run sees
 * exactly the batches an uninterrupted one would.
 */
export async function runEpochs(options: EpochRunnerOptions): Promise<EpochRunResult> {
  const { trainSplit, rows, cols, epochs, signal } = options;
  const { batchesPerEpoch, dropLast } = epochShape(trainSplit.count, options.batchSize);
  const resumed = options.resumeFrom;
  const history = resumed?.history ?? createHistory();
  let step = resumed?.step ?? 0;
  let skipBatches = resumed?.batch ?? 0;
  let progress = resumed ? { ...resumed.epochProgress } : { lossSum: 0, accSum: 0, images: 0 };
  const previousSeconds = resumed?.trainSeconds ?? 0;
  const sessionStart = now();
  const elapsed = () => previousSeconds + (now() - sessionStart) / 1000;
  let lr = options.schedule(Math.max(0, step - 1));
  const position = (epoch: number, batch: number): RunPosition => ({
    history,
    epoch,
    batch,
    step,
    epochProgress: progress,
    trainSeconds: elapsed(),
  });

  /** The one abort path. `epoch` is 0-based; `batch` batches of it are done. */
  const stop = async (epoch: number, batch: number): Promise<EpochRunResult> => {
    const atEpochEnd = batch === batchesPerEpoch;
    // An epoch end has just been checkpointed; a stop inside an epoch is checkpointed here.
    if (!atEpochEnd) await options.saveCheckpoint?.(position(epoch, batch));
    options.log?.({
      type: 'aborted',
      epoch: epoch + 1,
      batch,
      ...(options.checkpointDir === undefined ? {} : { checkpointDir: options.checkpointDir }),
      message: atEpochEnd
        ? `Stopped at the end of epoch ${epoch + 1}.`
        : `Stopped in epoch ${epoch + 1} after batch ${batch}/${batchesPerEpoch}.`,
    });
    return {
      history,
      epochs: atEpochEnd ? epoch + 1 : epoch,
      trainSeconds: elapsed(),
      aborted: true,
      stoppedAt: { epoch: epoch + 1, batch },
    };
  };

  for (let epoch = resumed?.epoch ?? 0; epoch < epochs; epoch++) {
    const epochStart = now();
    let imagesThisSession = 0;
    let batchIndex = 0;
    let interrupted = false;
    const generator = batches(trainSplit, {
      batchSize: options.batchSize,
      rows,
      cols,
      shuffle: true,
      seed: deriveSeed(options.seed, SEED_PURPOSE.epoch, epoch),
      augment: options.augment,
      dropLast,
    });
    // The next batch (shuffling, augmentation) is prepared while a step that settles later computes this one.
    const iterator = generator[Symbol.iterator]();
    let next = iterator.next();
    while (!next.done && batchIndex < batchesPerEpoch) {
      const batch = next.value;
      if (batchIndex < skipBatches) {
        batchIndex++;
        next = iterator.next();
        continue;
      }
      if (signal?.aborted) {
        interrupted = true;
        break;
      }
      lr = options.schedule(step);
      setLearningRate(options.optimizer, lr);
      const pending = options.startStep(batch, step);
      pending.catch(() => undefined); // still awaited below; this only keeps a failure from going unhandled meanwhile
      next = batchIndex + 1 < batchesPerEpoch ? iterator.next() : next;
      const { loss, acc } = await pending;
      step++;
      batchIndex++;
      imagesThisSession += batch.size;
      progress.lossSum += loss * batch.size;
      progress.accSum += acc * batch.size;
      progress.images += batch.size;
      await options.onBatchEnd?.({
        epoch: epoch + 1,
        epochs,
        batch: batchIndex,
        batchesPerEpoch,
        size: batch.size,
        loss,
        acc,
        epochLoss: progress.lossSum / progress.images,
        epochAcc: progress.accSum / progress.images,
        lr,
        imagesSeen: imagesThisSession,
        epochSeconds: (now() - epochStart) / 1000,
      });
      await yieldToEventLoop();
      if (signal?.aborted && batchIndex < batchesPerEpoch) {
        interrupted = true;
        break;
      }
    }
    if (interrupted) return stop(epoch, batchIndex);

    skipBatches = 0;
    await finishEpoch(options, { epoch, epochStart, progress, history, lr });
    progress = { lossSum: 0, accSum: 0, images: 0 };
    await options.saveCheckpoint?.(position(epoch + 1, 0));
    if (signal?.aborted && epoch + 1 < epochs) return stop(epoch, batchesPerEpoch);
  }
  return { history, epochs: Math.max(epochs, resumed?.epoch ?? 0), trainSeconds: elapsed(), aborted: false };
}

/** Epoch end: mean loss/accuracy, validation, history, `onEpochEnd`. */
async function finishEpoch(
  options: EpochRunnerOptions,
  state: {
    epoch: number;
    epochStart: number;
    progress: RunPosition['epochProgress'];
    history: History;
    lr: number;
  },
): Promise<void> {
  const { epoch, progress, history, lr } = state;
  const loss = progress.lossSum / Math.max(1, progress.images);
  const acc = progress.accSum / Math.max(1, progress.images);
  const val = options.validation
    ? measure(options.model, options.validation, {
        rows: options.rows,
        cols: options.cols,
        numClasses: options.numClasses,
        batchSize: DEFAULT_EVALUATION_BATCH_SIZE,
      })
    : undefined;
  history.epoch.push(epoch + 1);
  history.loss.push(loss);
  history.acc.push(acc);
  history.lr.push(lr);
  if (val) {
    history.val_loss.push(val.loss);
    history.val_acc.push(val.acc);
  }
  await options.onEpochEnd?.({
    epoch: epoch + 1,
    epochs: options.epochs,
    loss,
    acc,
    ...(val ? { val_loss: val.loss, val_acc: val.acc } : {}),
    lr,
    seconds: (now() - state.epochStart) / 1000,
  });
}
