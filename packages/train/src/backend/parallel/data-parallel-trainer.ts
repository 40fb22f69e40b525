import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs';
import { updatedStateWeights } from '../../frozen-batch-norm.js';
import type { BackendRequest } from '../select-backend.js';
import { GradientWorkerError } from './gradient-worker-error.js';
import type { GradientWorkerRequest, GradientWorkerResponse } from './gradient-worker-protocol.js';
import { gradientWorkerPath } from './gradient-worker-url.js';

/** Options of {@link DataParallelTrainer.create}. */
export interface DataParallelOptions {
  /** Worker threads, each with its own backend and a share of every batch. Default: the number of cores. */
  workers?: number;
  /** Backend each worker selects (see `selectBackend`). Default `'wasm'`. */
  backend?: BackendRequest;
}

/** One batch as the model sees it: `size * rows * cols` pixels in [0, 1] and integer labels. */
export interface ParallelBatch {
  images: Float32Array;
  labels: Uint8Array;
  size: number;
}

/** Shape and loss settings of a step. */
export interface ParallelStepOptions {
  rows: number;
  cols: number;
  numClasses: number;
  labelSmoothing: number;
  /**
   * Seed of this step's dropout masks: worker `k` seeds dropout layer `i` of its copy with
   * `deriveSeed(dropoutSeed, k, i)`. Without it, layers keep the main model's `seed` (+ shard
   * index), or draw from Math.random when unseeded.
   */
  dropoutSeed?: number;
}

type StepReply = Extract<GradientWorkerResponse, { type: 'gradients' }>;

interface Pending {
  resolve(reply: GradientWorkerResponse): void;
  reject(error: Error): void;
}

/** The default number of workers: one per core the process may use. */
export function defaultWorkerCount(): number {
  return Math.max(1, availableParallelism());
}

/**
 * Data-parallel training over `worker_threads`: every step splits the batch into one
 * contiguous shard per worker, each worker computes the gradient of its shard's mean loss on
 * its own (single-threaded wasm) backend, and the main thread averages them weighted by shard
 * size, which equals the gradient of the whole batch's mean loss, and applies the optimizer
 * to the main thread's model. Batch-norm moving statistics are averaged the same way. The
 * shards and the order of the reduction are fixed, so a step is deterministic whenever the
 * model is: layers with a numeric `seed` (dropout seeded by the training loop) get
 * `seed + shard` in each worker; unseeded dropout draws from each worker's Math.random.
 */
export class DataParallelTrainer {
  private busy = false;

  private constructor(
    private readonly model: tf.LayersModel,
    private readonly workers: Worker[],
    private readonly pending: Map<Worker, Pending>,
    /** Backend the workers run, with the reason each gave. */
    readonly backend: { name: string; reason: string },
  ) {}

  /** Starts the workers and gives each a copy of `model`'s architecture. */
  static async create(model: tf.LayersModel, options: DataParallelOptions = {}): Promise<DataParallelTrainer> {
    const count = options.workers ?? defaultWorkerCount();
    if (!Number.isInteger(count) || count < 1) {
      throw new TypeError(`Expected workers to be a positive integer, found ${String(options.workers)}.`);
    }
    const path = gradientWorkerPath();
    const topology = JSON.parse(model.toJSON(undefined, true) as string) as object;
    const workers: Worker[] = [];
    const pending = new Map<Worker, Pending>();
    for (let index = 0; index < count; index++) {
      const worker = new Worker(path);
      worker.unref();
      worker.on('message', (message: GradientWorkerResponse) => {
        const waiter = pending.get(worker);
        if (waiter === undefined) return;
        pending.delete(worker);
        if (message.type === 'error') waiter.reject(new GradientWorkerError(index, message.message));
        else waiter.resolve(message);
      });
      const fail = (problem: string) => {
        const waiter = pending.get(worker);
        pending.delete(worker);
        waiter?.reject(new GradientWorkerError(index, problem));
      };
      worker.on('error', (error) => fail(error.message));
      worker.on('exit', (code) => fail(`the worker exited with code ${code}`));
      workers.push(worker);
    }
    const trainer = new DataParallelTrainer(model, workers, pending, { name: '', reason: '' });
    try {
      const replies = await Promise.all(
        workers.map((worker) => trainer.request(worker, { type: 'init', backend: options.backend ?? 'wasm', topology })),
      );
      const ready = replies[0] as Extract<GradientWorkerResponse, { type: 'ready' }>;
      Object.assign(trainer.backend, { name: ready.backend, reason: ready.reason });
    } catch (error) {
      await trainer.dispose();
      throw error;
    }
    return trainer;
  }

  /** Number of worker threads. */
  get workerCount(): number {
    return this.workers.length;
  }

  private request(worker: Worker, message: GradientWorkerRequest): Promise<GradientWorkerResponse> {
    return new Promise((resolve, reject) => {
      this.pending.set(worker, { resolve, reject });
      worker.postMessage(message);
    });
  }

  /**
   * One optimizer step on `batch` (model in training mode). Returns the batch's mean loss and
   * accuracy. The main thread's `model` holds the updated weights when the promise resolves.
   */
  async step(optimizer: tf.Optimizer, batch: ParallelBatch, options: ParallelStepOptions): Promise<{ loss: number; acc: number }> {
    if (this.workers.length === 0) {
      throw new Error('Expected a running DataParallelTrainer, but it was disposed. Create a new one with DataParallelTrainer.create().');
    }
    if (this.busy) {
      throw new Error('Expected one step at a time, but step() was called before the previous step finished. Await each step.');
    }
    if (!Number.isInteger(batch.size) || batch.size < 1 || batch.labels.length < batch.size) {
      throw new TypeError(
        `Expected a batch of at least one image with a label each, found size ${batch.size} and ${batch.labels.length} labels.`,
      );
    }
    this.busy = true;
    try {
      return await this.runStep(optimizer, batch, options);
    } finally {
      this.busy = false;
    }
  }

  private async runStep(
    optimizer: tf.Optimizer,
    batch: ParallelBatch,
    options: ParallelStepOptions,
  ): Promise<{ loss: number; acc: number }> {
    const pixels = options.rows * options.cols;
    const weights = this.model.weights.map((w) => w.read().dataSync() as Float32Array);
    const shards = Math.min(this.workers.length, batch.size);
    const layerSeeds = this.model.layers.map((layer) => {
      const seed = (layer as unknown as { seed?: unknown }).seed;
      return typeof seed === 'number' ? seed : null;
    });
    const replies = await Promise.all(
      this.workers.slice(0, shards).map((worker, index) => {
        const start = Math.floor((index * batch.size) / shards);
        const end = Math.floor(((index + 1) * batch.size) / shards);
        return this.request(worker, {
          type: 'step',
          weights,
          images: batch.images.subarray(start * pixels, end * pixels),
          labels: batch.labels.subarray(start, end),
          size: end - start,
          shard: index,
          layerSeeds,
          ...options,
        }).then((reply) => ({ reply: reply as StepReply, size: end - start }));
      }),
    );

    let loss = 0;
    let correct = 0;
    const trainable = this.model.trainableWeights;
    const gradients = trainable.map((w) => new Float32Array(tf.util.sizeFromShape(w.shape as number[])));
    const stateWeights = updatedStateWeights(this.model);
    const nonTrainable = stateWeights.map((w) => new Float32Array(tf.util.sizeFromShape(w.shape as number[])));
    for (const { reply, size } of replies) {
      const share = size / batch.size;
      loss += share * reply.loss;
      correct += reply.correct;
      reply.gradients.forEach((g, i) => {
        const sum = gradients[i]!;
        for (let k = 0; k < sum.length; k++) sum[k]! += share * g[k]!;
      });
      reply.nonTrainable.forEach((values, i) => {
        const sum = nonTrainable[i]!;
        for (let k = 0; k < sum.length; k++) sum[k]! += share * values[k]!;
      });
    }
    tf.tidy(() => {
      const named: tf.NamedTensorMap = {};
      trainable.forEach((w, i) => {
        named[(w.read() as tf.Variable).name] = tf.tensor(gradients[i]!, w.shape as number[]);
      });
      optimizer.applyGradients(named);
      stateWeights.forEach((w, i) => {
        w.write(tf.tensor(nonTrainable[i]!, w.shape as number[]));
      });
    });
    return { loss, acc: correct / batch.size };
  }

  /** Stops the workers. The model stays usable on the main thread. */
  async dispose(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.terminate()));
    this.workers.length = 0;
  }
}
