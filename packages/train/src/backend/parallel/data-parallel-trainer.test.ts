import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crossEntropy, smoothedTargets } from '../../train-step.js';
import { expectClose, fixture, useWasm } from '../backend-test-helpers.js';
import { DataParallelTrainer } from './data-parallel-trainer.js';
import { GradientWorkerError } from './gradient-worker-error.js';

// Needs the built worker script (dist/gradient-worker.js); turbo builds before testing.

const ROWS = 12;
const COLS = 12;
const CLASSES = 10;
const BATCH = 10;
const LABEL_SMOOTHING = 0.1;
const STEPS = 2;

/**
 * Without batch normalisation a shard's gradient is exactly its part of the batch gradient;
 * with it, every shard normalises with its own statistics (as in PyTorch's DDP without
 * SyncBatchNorm), so the results differ slightly from whole-batch training.
 */
function buildModel(batchNorm = false, momentum = 0.99): tf.LayersModel {
  const model = tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [ROWS, COLS, 1], filters: 4, kernelSize: 3, useBias: !batchNorm }),
      ...(batchNorm ? [tf.layers.batchNormalization({ momentum })] : []),
      tf.layers.reLU(),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.flatten(),
      tf.layers.dense({ units: CLASSES, activation: 'softmax' }),
    ],
  });
  model.setWeights(model.getWeights().map((w, i) => tf.tensor(fixture(w.size, 200 + i).map((v) => v / 2), w.shape)));
  return model;
}

const batch = {
  images: fixture(BATCH * ROWS * COLS, 3).map((v) => (v + 1) / 2),
  labels: Uint8Array.from({ length: BATCH }, (_, i) => (i * 7) % CLASSES),
  size: BATCH,
};
const stepOptions = { rows: ROWS, cols: COLS, numClasses: CLASSES, labelSmoothing: LABEL_SMOOTHING };

/** The reference: the same steps on the main thread, whole batch at once. */
function trainOnMainThread(): { losses: number[]; weights: Float32Array[] } {
  const model = buildModel();
  const optimizer = tf.train.adam(0.01);
  const losses: number[] = [];
  for (let s = 0; s < STEPS; s++) {
    const loss = tf.tidy(() => {
      const xs = tf.tensor4d(batch.images, [BATCH, ROWS, COLS, 1]);
      const targets = smoothedTargets(tf.tensor1d(Int32Array.from(batch.labels), 'int32'), CLASSES, LABEL_SMOOTHING);
      return optimizer.minimize(() => crossEntropy(model.apply(xs, { training: true }) as tf.Tensor2D, targets), true)!;
    });
    losses.push(loss.dataSync()[0]!);
    loss.dispose();
  }
  const weights = model.getWeights().map((w) => w.dataSync() as Float32Array);
  model.dispose();
  optimizer.dispose();
  return { losses, weights };
}

describe('DataParallelTrainer', () => {
  beforeAll(useWasm);
  let trainer: DataParallelTrainer | undefined;
  afterAll(() => trainer?.dispose());

  it('two workers on wasm give the whole-batch gradient step', async () => {
    const reference = trainOnMainThread();
    const model = buildModel();
    trainer = await DataParallelTrainer.create(model, { workers: 2, backend: 'wasm' });
    expect(trainer.workerCount).toBe(2);
    expect(trainer.backend.name).toBe('wasm');
    const optimizer = tf.train.adam(0.01);
    const losses: number[] = [];
    for (let s = 0; s < STEPS; s++) losses.push((await trainer.step(optimizer, batch, stepOptions)).loss);
    expectClose(losses, reference.losses, 'losses');
    for (const [i, w] of model.getWeights().entries()) expectClose(w.dataSync(), reference.weights[i]!, `weight ${i}`);
    // Further steps leave no tensors behind on the main thread (the optimizer's slots exist by now).
    const tensors = tf.memory().numTensors;
    await trainer.step(optimizer, batch, stepOptions);
    expect(tf.memory().numTensors).toBe(tensors);
    optimizer.dispose();
    model.dispose();
    await trainer.dispose();
  });

  it('averages batch-norm moving statistics over the shards (not a sum, not one shard)', async () => {
    // Momentum 0.5: one step moves each moving statistic halfway to the averaged shard statistic.
    const momentum = 0.5;
    const model = buildModel(true, momentum);
    const bn = model.layers[1]!;
    const moving = () => [2, 3].map((i) => Float32Array.from(bn.getWeights()[i]!.dataSync()));
    const [initialMean, initialVariance] = moving() as [Float32Array, Float32Array];
    // Two shards of five images; the second brighter, so the shards' statistics clearly differ.
    const pixels = ROWS * COLS;
    const images = batch.images.map((v, i) => (i >= (BATCH / 2) * pixels ? 3 * v + 1 : v));
    // Each shard's per-channel batch statistics of the conv output (what batch norm normalises),
    // from the weights before the step; variance as tf.moments gives it (divided by n).
    const shardStats = [0, 1].map((shard) =>
      tf.tidy(() => {
        const xs = tf.tensor4d(images.subarray(shard * 5 * pixels, (shard + 1) * 5 * pixels), [5, ROWS, COLS, 1]);
        const { mean, variance } = tf.moments(model.layers[0]!.apply(xs) as tf.Tensor4D, [0, 1, 2]);
        return { mean: Float32Array.from(mean.dataSync()), variance: Float32Array.from(variance.dataSync()) };
      }),
    );
    const update = (initial: Float32Array, stat: (i: number) => number) => initial.map((v, i) => momentum * v + (1 - momentum) * stat(i));
    const expectedMean = update(initialMean, (i) => (shardStats[0]!.mean[i]! + shardStats[1]!.mean[i]!) / 2);
    const expectedVariance = update(initialVariance, (i) => (shardStats[0]!.variance[i]! + shardStats[1]!.variance[i]!) / 2);

    trainer = await DataParallelTrainer.create(model, { workers: 2 });
    const optimizer = tf.train.adam(0.01);
    const { loss, acc } = await trainer.step(optimizer, { ...batch, images }, stepOptions);
    expect(Number.isFinite(loss)).toBe(true);
    expect(acc).toBeGreaterThanOrEqual(0);
    expect(acc).toBeLessThanOrEqual(1);
    const [mean, variance] = moving() as [Float32Array, Float32Array];
    expectClose(mean, expectedMean, 'moving mean');
    expectClose(variance, expectedVariance, 'moving variance');
    // The alternatives this rules out differ from the average by far more than the tolerance.
    const farFrom = (actual: Float32Array, other: Float32Array) => Math.max(...actual.map((v, i) => Math.abs(v - other[i]!))) > 1e-2;
    const sumOfShards = (initial: Float32Array, key: 'mean' | 'variance') =>
      initial.map((v, i) => 2 * momentum * v + (1 - momentum) * (shardStats[0]![key][i]! + shardStats[1]![key][i]!));
    const firstShardOnly = (initial: Float32Array, key: 'mean' | 'variance') => update(initial, (i) => shardStats[0]![key][i]!);
    expect(farFrom(mean, sumOfShards(initialMean, 'mean')) && farFrom(variance, sumOfShards(initialVariance, 'variance'))).toBe(true);
    expect(farFrom(mean, firstShardOnly(initialMean, 'mean')) && farFrom(variance, firstShardOnly(initialVariance, 'variance'))).toBe(true);
    optimizer.dispose();
    model.dispose();
  });

  it('refuses overlapping steps, empty batches and steps after dispose', async () => {
    const model = buildModel();
    const parallel = await DataParallelTrainer.create(model, { workers: 1 });
    const optimizer = tf.train.sgd(0.1);
    const first = parallel.step(optimizer, batch, stepOptions);
    await expect(parallel.step(optimizer, batch, stepOptions)).rejects.toThrow(/one step at a time/);
    await first;
    await expect(parallel.step(optimizer, { ...batch, size: 0 }, stepOptions)).rejects.toThrow(/at least one image/);
    await parallel.dispose();
    await expect(parallel.step(optimizer, batch, stepOptions)).rejects.toThrow(/disposed/);
    optimizer.dispose();
    model.dispose();
  });

  it('rejects a worker count that is not a positive integer', async () => {
    await expect(DataParallelTrainer.create(buildModel(), { workers: 0 })).rejects.toThrow(/positive integer, found 0/);
  });

  it('reports a worker that cannot build the model as a GradientWorkerError', async () => {
    const model = buildModel();
    const broken = Object.create(model) as tf.LayersModel;
    broken.toJSON = () => JSON.stringify({ class_name: 'NoSuchModel', config: {} });
    const failure = await DataParallelTrainer.create(broken, { workers: 1 }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(GradientWorkerError);
    expect((failure as Error).message).toMatch(/gradient worker 0/);
    model.dispose();
  });

  it('is deterministic with dropout seeded on the main model (as the training loop does)', async () => {
    const run = async (seed: number) => {
      const model = tf.sequential({
        layers: [
          tf.layers.flatten({ inputShape: [ROWS, COLS, 1] }),
          tf.layers.dropout({ rate: 0.5 }),
          tf.layers.dense({ units: CLASSES, activation: 'softmax' }),
        ],
      });
      (model.layers[1] as unknown as { seed: number }).seed = seed;
      model.setWeights(model.getWeights().map((w, i) => tf.tensor(fixture(w.size, 300 + i), w.shape)));
      const parallel = await DataParallelTrainer.create(model, { workers: 2 });
      const optimizer = tf.train.sgd(0.1);
      for (let s = 0; s < STEPS; s++) await parallel.step(optimizer, batch, stepOptions);
      await parallel.dispose();
      const weights = model.getWeights().map((w) => Array.from(w.dataSync()));
      optimizer.dispose();
      model.dispose();
      return weights;
    };
    const first = await run(11);
    expect(await run(11)).toEqual(first);
    // The workers follow the main model's seed: another seed, other masks, other weights.
    expect(await run(12)).not.toEqual(first);
  });

  it('is deterministic for a dropoutSeed sent with each step, and the seed changes the masks', async () => {
    const run = async (dropoutSeed: number) => {
      const model = tf.sequential({
        layers: [
          tf.layers.flatten({ inputShape: [ROWS, COLS, 1] }),
          tf.layers.dropout({ rate: 0.5 }),
          tf.layers.dense({ units: CLASSES, activation: 'softmax' }),
        ],
      });
      model.setWeights(model.getWeights().map((w, i) => tf.tensor(fixture(w.size, 300 + i), w.shape)));
      const parallel = await DataParallelTrainer.create(model, { workers: 2 });
      const optimizer = tf.train.sgd(0.1);
      const losses: number[] = [];
      for (let s = 0; s < STEPS; s++) {
        losses.push((await parallel.step(optimizer, batch, { ...stepOptions, dropoutSeed: dropoutSeed + s })).loss);
      }
      await parallel.dispose();
      const weights = model.getWeights().map((w) => Array.from(w.dataSync()));
      optimizer.dispose();
      model.dispose();
      return { losses, weights };
    };
    const first = await run(21);
    expect(await run(21)).toEqual(first);
    expect((await run(22)).weights).not.toEqual(first.weights);
  });
});
