import { mkdtemp, readdir, readFile, rm, stat, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createModel } from '@mnist/models';
import { startStaticServer } from '@mnist/test-utils';
import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CorruptModelError } from './corrupt-model-error.js';
import { fileSystemIO } from './file-system-io.js';
import { loadModel } from './load-model.js';
import { ModelNotFoundError } from './model-not-found-error.js';
import { saveModel } from './save-model.js';

let root: string;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'mnist-io-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

/** Deterministic pseudo-random images in [0, 1]. */
function images(batch: number): tf.Tensor4D {
  const values = new Float32Array(batch * 28 * 28);
  for (let i = 0; i < values.length; i++) values[i] = ((i * 7919 + 13) % 256) / 255;
  return tf.tensor4d(values, [batch, 28, 28, 1]);
}

function predictions(model: tf.LayersModel): number[] {
  return tf.tidy(() => Array.from((model.predict(images(4)) as tf.Tensor).dataSync()));
}

describe('fileSystemIO', () => {
  it.each(['mlp', 'cnn-bn'])('round-trips %s with identical predictions', async (name) => {
    const model = createModel(name, { seed: 5 });
    // move the batch-norm statistics away from their initial values so they are checked too
    model.setWeights(model.getWeights().map((w, i) => tf.tidy(() => w.add(tf.scalar(0.01 * (i + 1))))));
    const dir = join(root, name);
    await saveModel(model, dir);
    expect((await readdir(dir)).sort()).toEqual(['group1-shard1of1.bin', 'model.json']);
    const loaded = await loadModel(dir);
    expect(predictions(loaded)).toEqual(predictions(model));
    const values = (m: tf.LayersModel) => m.getWeights().map((w) => Array.from(w.dataSync()));
    expect(values(loaded)).toEqual(values(model));
    model.dispose();
    loaded.dispose();
  });

  it('writes the standard layers format (model.json with modelTopology and weightsManifest)', async () => {
    const model = createModel('mlp', { seed: 1 });
    const dir = join(root, 'm');
    await model.save(fileSystemIO(dir));
    const json = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8'));
    expect(json.format).toBe('layers-model');
    expect(json.modelTopology.class_name).toBe('Sequential');
    expect(json.weightsManifest).toHaveLength(1);
    expect(json.weightsManifest[0].paths).toEqual(['group1-shard1of1.bin']);
    const bytes = json.weightsManifest[0].weights.reduce((t: number, w: { shape: number[] }) => t + 4 * w.shape.reduce((a, b) => a * b, 1), 0);
    expect(bytes).toBe(model.countParams() * 4);
    expect((await stat(join(dir, 'group1-shard1of1.bin'))).size).toBe(bytes);
    model.dispose();
  });

  it('splits large weights into numbered shards and reassembles them', async () => {
    const model = createModel('mlp', { seed: 2 });
    const dir = join(root, 'sharded');
    await model.save(fileSystemIO(dir, { maxShardBytes: 100_000 }));
    const shards = (await readdir(dir)).filter((f) => f.endsWith('.bin')).sort();
    const count = Math.ceil((model.countParams() * 4) / 100_000);
    expect(shards).toHaveLength(count);
    expect(shards[0]).toBe(`group1-shard1of${count}.bin`);
    const loaded = await loadModel(dir);
    expect(predictions(loaded)).toEqual(predictions(model));
    model.dispose();
    loaded.dispose();
  });

  it.each(['cnn-small', 'cnn-bn'])('writes a %s directory that plain tf.loadLayersModel loads over HTTP', async (name) => {
    const model = createModel(name, { seed: 9 });
    const dir = join(root, 'served');
    await saveModel(model, dir);
    const server = await startStaticServer(dir);
    try {
      const loaded = await tf.loadLayersModel(`${server.origin}/model.json`);
      expect(predictions(loaded)).toEqual(predictions(model));
      loaded.dispose();
    } finally {
      await server.close();
    }
    model.dispose();
  });

  it('leaks no tensors across save and load', async () => {
    const model = createModel('mlp', { seed: 3 });
    const dir = join(root, 'leak');
    const cycle = async () => {
      await saveModel(model, dir, undefined, { overwrite: true });
      (await loadModel(dir)).dispose();
    };
    await cycle();
    const before = tf.memory().numTensors;
    await cycle();
    await cycle();
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });
});

describe('loadModel errors', () => {
  let dir: string;
  let model: tf.LayersModel;
  beforeEach(async () => {
    model = createModel('mlp', { seed: 4 });
    dir = join(root, 'model');
    await saveModel(model, dir);
  });
  afterEach(() => model.dispose());

  async function failure(): Promise<Error> {
    const error = await loadModel(dir).then(
      () => undefined,
      (e: Error) => e,
    );
    if (error === undefined) throw new Error('expected loadModel to fail');
    return error;
  }

  it('throws ModelNotFoundError naming model.json for a missing directory', async () => {
    dir = join(root, 'nowhere');
    const error = await failure();
    expect(error).toBeInstanceOf(ModelNotFoundError);
    expect(error.message).toContain(join(dir, 'model.json'));
    expect(error.message).toMatch(/train and save a model/);
  });

  it('throws ModelNotFoundError when model.json is missing', async () => {
    await rm(join(dir, 'model.json'));
    expect(await failure()).toBeInstanceOf(ModelNotFoundError);
  });

  it('throws CorruptModelError for bad JSON', async () => {
    await writeFile(join(dir, 'model.json'), '{"modelTopology": ');
    const error = await failure();
    expect(error).toBeInstanceOf(CorruptModelError);
    expect(error.message).toContain(join(dir, 'model.json'));
    expect(error.message).toContain('valid JSON');
  });

  it('throws CorruptModelError for JSON without a weights manifest', async () => {
    const json = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8'));
    delete json.weightsManifest;
    await writeFile(join(dir, 'model.json'), JSON.stringify(json));
    expect((await failure()).message).toContain('weightsManifest');
  });

  it('throws CorruptModelError naming a truncated shard', async () => {
    const shard = join(dir, 'group1-shard1of1.bin');
    const size = (await stat(shard)).size;
    await truncate(shard, size - 4);
    const error = await failure();
    expect(error).toBeInstanceOf(CorruptModelError);
    expect(error.message).toContain('group1-shard1of1.bin');
    expect(error.message).toContain(`Expected ${size} bytes`);
    expect(error.message).toContain(`found ${size - 4}`);
  });

  it('throws CorruptModelError naming a missing shard', async () => {
    await rm(join(dir, 'group1-shard1of1.bin'));
    const error = await failure();
    expect(error).toBeInstanceOf(CorruptModelError);
    expect(error.message).toContain(join(dir, 'group1-shard1of1.bin'));
  });

  it('refuses weight paths that leave the model directory', async () => {
    const json = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8'));
    json.weightsManifest[0].paths = ['../secret.bin'];
    await writeFile(join(dir, 'model.json'), JSON.stringify(json));
    const error = await failure();
    expect(error).toBeInstanceOf(CorruptModelError);
    expect(error.message).toContain('inside the model directory');
  });

  it('wraps a topology TensorFlow.js cannot rebuild in CorruptModelError', async () => {
    const json = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8'));
    json.modelTopology.config.layers[1].class_name = 'NoSuchLayer';
    await writeFile(join(dir, 'model.json'), JSON.stringify(json));
    const error = await failure();
    expect(error).toBeInstanceOf(CorruptModelError);
    expect(error.message).toContain('NoSuchLayer');
  });
});
