import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MnistData } from '@mnist/data';
import { loadMnist } from '@mnist/data/node';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CheckpointMismatchError,
  CheckpointNotFoundError,
  loadModel,
  OutputDirError,
  readCheckpointInfo,
  type TrainOptions,
  train,
} from '../src/index.js';

let data: MnistData;
let root: string;

/** A quick recipe: an MLP on a few hundred images on the cpu backend. */
const QUICK: TrainOptions = {
  model: 'mlp',
  backend: 'cpu',
  batchSize: 32,
  optimizer: 'adam',
  learningRate: 0.003,
  schedule: 'one-cycle',
  testLimit: 300,
};

beforeAll(async () => {
  data = await loadMnist({ dataset: 'mnist' });
  root = await mkdtemp(join(tmpdir(), 'train-test-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

function weightsOf(model: tf.LayersModel): Float32Array[] {
  return model.getWeights().map((w) => w.dataSync() as Float32Array);
}

describe('train()', () => {
  it('raises accuracy far above chance, saves a loadable model with metadata, and removes its checkpoint', async () => {
    const outDir = join(root, 'quick');
    const epochs: number[] = [];
    let batchCalls = 0;
    const result = await train({
      ...QUICK,
      data,
      limit: 600,
      epochs: 3,
      validationSplit: 0.1,
      outDir,
      onBatchEnd: () => {
        batchCalls++;
      },
      onEpochEnd: (info) => {
        epochs.push(info.epoch);
      },
    });
    expect(result.aborted).toBe(false);
    expect(result.backend.name).toBe('cpu');
    expect(epochs).toEqual([1, 2, 3]);
    expect(batchCalls).toBe(3 * Math.floor(540 / 32));
    expect(result.history.epoch).toEqual([1, 2, 3]);
    expect(result.history.val_acc).toHaveLength(3);
    expect(result.history.loss[2]!).toBeLessThan(result.history.loss[0]!);
    // Chance is 10%; a few hundred images get an MLP well past 70%.
    expect(result.test!.accuracy).toBeGreaterThan(0.7);
    expect(result.test!.count).toBe(300);
    expect(result.modelDir).toBe(outDir);
    await expect(stat(join(outDir, 'checkpoint'))).rejects.toThrow();

    const metadata = JSON.parse(await readFile(join(outDir, 'metadata.json'), 'utf8'));
    expect(metadata).toMatchObject({ architecture: 'mlp', seed: 42, backend: { name: 'cpu' } });
    expect(metadata.parameters).toBe(result.model.countParams());
    expect(metadata.history.epoch).toEqual([1, 2, 3]);
    expect(metadata.test.confusionMatrix).toHaveLength(10);
    expect(metadata.hyperparameters).toMatchObject({ epochs: 3, batchSize: 32, optimizer: 'adam', limit: 600 });
    expect(typeof metadata.trainSeconds).toBe('number');

    const loaded = await loadModel(outDir);
    const xs = tf.tidy(() => tf.div(tf.tensor4d(data.test.images.slice(0, 50 * 784), [50, 28, 28, 1], 'float32'), 255));
    const a = tf.tidy(() => (result.model.predict(xs) as tf.Tensor).dataSync());
    const b = tf.tidy(() => (loaded.predict(xs) as tf.Tensor).dataSync());
    expect(Array.from(b)).toEqual(Array.from(a));
    xs.dispose();
    loaded.dispose();
    result.model.dispose();
  });

  it('is deterministic: the same seed gives identical weights, another seed different ones', async () => {
    const run = async (seed: number) => {
      const r = await train({ ...QUICK, data, limit: 200, epochs: 2, seed, validationSplit: 0.2, augment: true, testLimit: 50 });
      const w = weightsOf(r.model);
      r.model.dispose();
      return w;
    };
    const before = tf.memory().numTensors;
    const a = await run(7);
    const b = await run(7);
    const c = await run(8);
    expect(tf.memory().numTensors).toBe(before);
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
  });

  it('aborts after the current batch with a checkpoint, and resuming matches an uninterrupted run exactly', async () => {
    const options: TrainOptions = { ...QUICK, data, limit: 256, epochs: 2, testLimit: 50 };
    const full = await train(options);
    const expected = weightsOf(full.model);
    full.model.dispose();

    const outDir = join(root, 'resume');
    const controller = new AbortController();
    const stopped = await train({
      ...options,
      outDir,
      signal: controller.signal,
      onBatchEnd: (info) => {
        if (info.epoch === 2 && info.batch === 3) controller.abort();
      },
    });
    expect(stopped.aborted).toBe(true);
    expect(stopped.stoppedAt).toEqual({ epoch: 2, batch: 3 });
    expect(stopped.test).toBeUndefined();
    stopped.model.dispose();
    const info = await readCheckpointInfo(join(outDir, 'checkpoint'));
    expect(info).toMatchObject({ epoch: 1, batch: 3, step: 8 + 3 });
    await expect(stat(join(outDir, 'model.json'))).rejects.toThrow();

    await expect(train({ ...options, outDir })).rejects.toThrow(OutputDirError);
    await expect(train({ ...options, outDir, resume: true, seed: 1 })).rejects.toThrow(CheckpointMismatchError);
    await expect(train({ ...options, outDir: join(root, 'empty'), resume: true })).rejects.toThrow(CheckpointNotFoundError);

    const epochsSeen: number[] = [];
    const resumed = await train({ ...options, outDir, resume: true, onEpochEnd: (e) => void epochsSeen.push(e.epoch) });
    expect(resumed.aborted).toBe(false);
    expect(epochsSeen).toEqual([2]);
    expect(resumed.history.epoch).toEqual([1, 2]);
    expect(resumed.history.loss).toEqual(full.history.loss);
    expect(weightsOf(resumed.model)).toEqual(expected);
    expect((await readdir(outDir)).sort()).toContain('model.json');
    resumed.model.dispose();
  });

  it('checks the output directory before any work: a foreign directory is refused untouched, a model is replaced only with overwrite', async () => {
    const options: TrainOptions = { ...QUICK, data, limit: 64, epochs: 1, testLimit: 50 };
    const foreign = join(root, 'my-images');
    await mkdir(foreign);
    await writeFile(join(foreign, 'seven.png'), 'png');
    const before = await stat(foreign);
    const events: string[] = [];
    const refused = await train({ ...options, outDir: foreign, overwrite: true, onLog: (e) => void events.push(e.type) }).catch((e: unknown) => e);
    expect((refused as OutputDirError).reason).toBe('not-empty');
    expect((refused as Error).message).toContain('seven.png');
    expect(events).toEqual([]);
    expect(await readdir(foreign)).toEqual(['seven.png']);
    const after = await stat(foreign);
    expect([after.ino, after.mode, after.mtimeMs]).toEqual([before.ino, before.mode, before.mtimeMs]);

    const outDir = join(root, 'replace');
    (await train({ ...options, outDir })).model.dispose();
    const first = await readFile(join(outDir, 'model.json'), 'utf8');
    const again = await train({ ...options, outDir, seed: 5, onLog: (e) => void events.push(e.type) }).catch((e: unknown) => e);
    expect((again as OutputDirError).reason).toBe('holds-output');
    expect(events).toEqual([]);
    expect(await readFile(join(outDir, 'model.json'), 'utf8')).toBe(first);
    const inode = (await stat(outDir)).ino;
    const replaced = await train({ ...options, outDir, seed: 5, overwrite: true });
    replaced.model.dispose();
    expect(await readFile(join(outDir, 'model.json'), 'utf8')).not.toBe(first);
    expect((await stat(outDir)).ino).toBe(inode);
    expect(JSON.parse(await readFile(join(outDir, 'metadata.json'), 'utf8')).seed).toBe(5);
  });
});
