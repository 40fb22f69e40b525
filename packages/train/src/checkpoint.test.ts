import { mkdtemp, readdir, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CheckpointState, readCheckpointInfo, restoreCheckpoint, writeCheckpoint } from './checkpoint.js';
import { createOptimizer, disposeOptimizer, type OptimizerName } from './create-optimizer.js';
import { CorruptCheckpointError } from './errors/index.js';
import { createHistory } from './history.js';
import { resolveTrainOptions } from './train-options.js';
import { trainStep } from './train-step.js';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'checkpoint-test-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const BATCH = {
  images: Float32Array.from({ length: 8 * 16 }, (_, i) => ((i * 37) % 17) / 17),
  labels: Uint8Array.from({ length: 8 }, (_, i) => i % 3),
  size: 8,
};
const STEP = { rows: 4, cols: 4, numClasses: 3, labelSmoothing: 0 };

function makeModel(seed: number): tf.LayersModel {
  return tf.sequential({
    layers: [
      tf.layers.flatten({ inputShape: [4, 4, 1] }),
      tf.layers.dense({ units: 5, activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed }) }),
      tf.layers.batchNormalization(),
      tf.layers.dense({ units: 3, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 1 }) }),
    ],
  });
}

function state(step: number): CheckpointState {
  const { outDir: _o, checkpointDir: _c, resume: _r, keepCheckpoint: _k, ...options } = resolveTrainOptions({ model: 'mlp' });
  return { epoch: 1, batch: 2, step, epochProgress: { lossSum: 1, accSum: 0.5, images: 8 }, trainSeconds: 3, options, history: createHistory() };
}

function weightsOf(model: tf.LayersModel): number[][] {
  return model.getWeights().map((w) => Array.from(w.dataSync()));
}

describe('writeCheckpoint / restoreCheckpoint', () => {
  it.each<OptimizerName>(['adam', 'momentum', 'rmsprop', 'adagrad'])(
    '%s: a restored model and optimizer continue exactly like the original',
    async (name) => {
      const dir = join(root, `exact-${name}`);
      const a = makeModel(3);
      const optA = createOptimizer(name, 0.01);
      const varsA = a.trainableWeights.map((w) => w.read() as tf.Variable);
      for (let i = 0; i < 3; i++) trainStep(a, optA, varsA, BATCH, STEP);
      await writeCheckpoint(dir, state(3), a, optA);

      const before = tf.memory().numTensors;
      const b = makeModel(99);
      const optB = createOptimizer(name, 0.01);
      const varsB = b.trainableWeights.map((w) => w.read() as tf.Variable);
      const info = await readCheckpointInfo(dir);
      expect(info?.step).toBe(3);
      await restoreCheckpoint(dir, info!, b, optB);
      expect(weightsOf(b)).toEqual(weightsOf(a));
      for (let i = 0; i < 2; i++) {
        trainStep(a, optA, varsA, BATCH, STEP);
        trainStep(b, optB, varsB, BATCH, STEP);
      }
      expect(weightsOf(b)).toEqual(weightsOf(a));
      b.dispose();
      disposeOptimizer(optB);
      // Restoring leaves only the new model's and optimizer's own tensors behind, which were just disposed.
      expect(tf.memory().numTensors).toBe(before);
      a.dispose();
      disposeOptimizer(optA);
    },
  );

  it('keeps only the newest weights file and reports corruption with CorruptCheckpointError', async () => {
    const dir = join(root, 'corrupt');
    const model = makeModel(1);
    const optimizer = createOptimizer('adam', 0.01);
    const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
    trainStep(model, optimizer, vars, BATCH, STEP);
    await writeCheckpoint(dir, state(1), model, optimizer);
    trainStep(model, optimizer, vars, BATCH, STEP);
    const info = await writeCheckpoint(dir, state(2), model, optimizer);
    expect((await readdir(dir)).sort()).toEqual(['checkpoint.json', info.weightsFile]);

    await truncate(join(dir, info.weightsFile), 10);
    await expect(restoreCheckpoint(dir, info, model, optimizer)).rejects.toThrow(CorruptCheckpointError);
    await rm(join(dir, info.weightsFile));
    await expect(restoreCheckpoint(dir, info, model, optimizer)).rejects.toThrow(/missing/);

    const text = await readFile(join(dir, 'checkpoint.json'), 'utf8');
    await writeFile(join(dir, 'checkpoint.json'), text.slice(0, 40));
    await expect(readCheckpointInfo(dir)).rejects.toThrow(CorruptCheckpointError);
    await writeFile(join(dir, 'checkpoint.json'), JSON.stringify({ format: 'mnist-train-checkpoint', formatVersion: 99 }));
    await expect(readCheckpointInfo(dir)).rejects.toThrow(/formatVersion 1/);
    expect(await readCheckpointInfo(join(root, 'nothing-here'))).toBeUndefined();
    model.dispose();
    optimizer.dispose();
  });

  it('refuses weights whose shapes do not fit the model', async () => {
    const dir = join(root, 'shapes');
    const model = makeModel(1);
    const optimizer = createOptimizer('sgd', 0.01);
    const info = await writeCheckpoint(dir, state(0), model, optimizer);
    const other = tf.sequential({ layers: [tf.layers.dense({ units: 2, inputShape: [3] })] });
    await expect(restoreCheckpoint(dir, info, other, optimizer)).rejects.toThrow(/shapes/);
    model.dispose();
    other.dispose();
    optimizer.dispose();
  });
});
