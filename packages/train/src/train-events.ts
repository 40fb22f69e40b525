import type { BackendInfo } from './backend/index.js';

/** Passed to `onBatchEnd` after every optimizer step. */
export interface BatchEndInfo {
  /** 1-based epoch number. */
  epoch: number;
  epochs: number;
  /** 1-based batch number within the epoch. */
  batch: number;
  batchesPerEpoch: number;
  /** Images in this batch. */
  size: number;
  /** Loss and accuracy of this batch (training mode, with label smoothing if any). */
  loss: number;
  acc: number;
  /** Running means over the epoch so far. */
  epochLoss: number;
  epochAcc: number;
  /** Learning rate used for this batch. */
  lr: number;
  /** Images processed since the epoch (or the resumed part of it) started, and the seconds that took. */
  imagesSeen: number;
  epochSeconds: number;
}

/** Passed to `onEpochEnd` after each epoch (and its validation pass). */
export interface EpochEndInfo {
  epoch: number;
  epochs: number;
  loss: number;
  acc: number;
  val_loss?: number;
  val_acc?: number;
  lr: number;
  /** Wall-clock seconds of this epoch's training (and validation). */
  seconds: number;
}

/** Structured progress events passed to `onLog`. */
export type TrainEvent =
  | {
      type: 'start';
      model: string;
      parameters: number;
      dataset: string;
      backend: BackendInfo;
      trainCount: number;
      validationCount: number;
      testCount: number;
      epochs: number;
      batchSize: number;
      batchesPerEpoch: number;
      /** Data-parallel worker threads (1: in-process). */
      workers: number;
      /** Set when continuing from a checkpoint: the epoch and batch already done. */
      resumedFrom?: { epoch: number; batch: number };
      message: string;
    }
  | { type: 'checkpoint'; dir: string; epoch: number; batch: number; message: string }
  | { type: 'evaluate'; count: number; message: string }
  | { type: 'saved'; dir: string; message: string }
  | { type: 'aborted'; epoch: number; batch: number; checkpointDir?: string; message: string };
