import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createModel } from '@mnist/models';
import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fileSystemIO } from './file-system-io.js';
import { loadModel } from './load-model.js';
import { ModelDirectoryError } from './model-directory-error.js';
import { readMetadata } from './read-metadata.js';
import { sampleMetadata } from './sample-metadata.fixture.js';
import { saveModel } from './save-model.js';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'mnist-save-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

function firstPrediction(model: tf.LayersModel): number[] {
  return tf.tidy(() => Array.from((model.predict(tf.ones([1, 28, 28, 1])) as tf.Tensor).dataSync()));
}

describe('saveModel', () => {
  it('writes metadata.json beside the model, readable with readMetadata', async () => {
    const model = createModel('mlp', { seed: 1 });
    const dir = join(root, 'out');
    const metadata = sampleMetadata('mlp', model.countParams());
    await saveModel(model, dir, metadata);
    expect((await readdir(dir)).sort()).toEqual(['group1-shard1of1.bin', 'metadata.json', 'model.json']);
    expect(await readMetadata(dir)).toEqual(metadata);
    model.dispose();
  });

  it('replaces an existing model, keeps entries that are not model files, leaves no temporary siblings', async () => {
    const dir = join(root, 'out');
    const first = createModel('mlp', { seed: 1 });
    await saveModel(first, dir, sampleMetadata('mlp', 1));
    await mkdir(join(dir, 'checkpoint'));
    await writeFile(join(dir, 'checkpoint', 'state.json'), '{"epoch":3}');
    await writeFile(join(dir, 'group1-shard1of2.bin'), 'stale shard of an older save');

    const second = createModel('cnn-small', { seed: 2 });
    await saveModel(second, dir);
    expect((await readdir(dir)).sort()).toEqual(['checkpoint', 'group1-shard1of1.bin', 'model.json']);
    expect(await readFile(join(dir, 'checkpoint', 'state.json'), 'utf8')).toBe('{"epoch":3}');
    expect(await readdir(root)).toEqual(['out']);
    const loaded = await loadModel(dir);
    expect(firstPrediction(loaded)).toEqual(firstPrediction(second));
    tf.dispose([first, second, loaded].flatMap((m) => m.getWeights()));
  });

  it('removes temporary directories of saves whose process died, keeps those of live processes', async () => {
    const deadPid = spawnSync(process.execPath, ['-e', '']).pid as number;
    const abandoned = join(root, `.out.saving-${deadPid}-abc123`);
    const live = join(root, `.out.saving-${process.ppid}-def456`);
    const unrelated = join(root, `.other.saving-${deadPid}-ghi789`);
    for (const d of [abandoned, live, unrelated]) await mkdir(d);
    const model = createModel('mlp', { seed: 1 });
    await saveModel(model, join(root, 'out'));
    expect((await readdir(root)).sort()).toEqual([`.other.saving-${deadPid}-ghi789`, `.out.saving-${process.ppid}-def456`, 'out']);
    model.dispose();
  });

  it('creates missing parent directories', async () => {
    const model = createModel('mlp', { seed: 1 });
    const dir = join(root, 'a', 'b', 'c');
    await saveModel(model, dir);
    expect(await readdir(dir)).toContain('model.json');
    model.dispose();
  });

  it('refuses to replace a file with a model directory', async () => {
    const model = createModel('mlp', { seed: 1 });
    const path = join(root, 'file');
    await writeFile(path, 'not a directory');
    await expect(model.save(fileSystemIO(path))).rejects.toThrow(ModelDirectoryError);
    expect(await readFile(path, 'utf8')).toBe('not a directory');
    expect(await readdir(root)).toEqual(['file']);
    model.dispose();
  });
});
