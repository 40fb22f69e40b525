import { spawnSync } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createModel } from '@mnist/models';
import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fileSystemIO } from './file-system-io.js';
import { loadModel } from './load-model.js';
import { OutputDirError } from '../errors/index.js';
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

  it('replaces an existing model only with overwrite, on its own files: the directory keeps its inode and mode, checkpoint/ stays', async () => {
    const dir = join(root, 'out');
    const first = createModel('mlp', { seed: 1 });
    await saveModel(first, dir, sampleMetadata('mlp', 1));
    await mkdir(join(dir, 'checkpoint'));
    await writeFile(join(dir, 'checkpoint', 'state.json'), '{"epoch":3}');
    await writeFile(join(dir, 'group1-shard1of2.bin'), 'stale shard of an older save');
    await writeFile(join(dir, 'report.html'), '<p>report of the old model</p>');
    await writeFile(join(dir, 'report-loss.svg'), '<svg/>');
    await writeFile(join(dir, 'SHA256SUMS'), 'sums of the old files');
    await chmod(dir, 0o750);
    const before = await stat(dir);
    const listing = (await readdir(dir)).sort();

    const second = createModel('cnn-small', { seed: 2 });
    const refused = await saveModel(second, dir).catch((e: unknown) => e);
    expect(OutputDirError.isInstance(refused)).toBe(true);
    expect((refused as OutputDirError).reason).toBe('holds-output');
    expect((refused as Error).message).toContain('overwrite');
    expect((await readdir(dir)).sort()).toEqual(listing);

    await saveModel(second, dir, undefined, { overwrite: true });
    // The stale shard, report and checksums described the old model: they go with it.
    expect((await readdir(dir)).sort()).toEqual(['checkpoint', 'group1-shard1of1.bin', 'model.json']);
    expect(await readFile(join(dir, 'checkpoint', 'state.json'), 'utf8')).toBe('{"epoch":3}');
    expect(await readdir(root)).toEqual(['out']);
    const after = await stat(dir);
    expect(after.ino).toBe(before.ino);
    expect(after.mode & 0o7777).toBe(0o750);
    const loaded = await loadModel(dir);
    expect(firstPrediction(loaded)).toEqual(firstPrediction(second));
    tf.dispose([first, second, loaded].flatMap((m) => m.getWeights()));
  });

  it('refuses a non-empty directory of someone else, with or without overwrite, naming the files and changing nothing', async () => {
    const dir = join(root, 'photos');
    await mkdir(dir);
    await writeFile(join(dir, 'cat.png'), 'png');
    await writeFile(join(dir, 'model.json'), '{"mine":true}');
    await chmod(dir, 0o751);
    const before = await stat(dir);
    const model = createModel('mlp', { seed: 1 });
    for (const options of [{}, { overwrite: true }]) {
      const error = await saveModel(model, dir, undefined, options).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(OutputDirError);
      expect((error as OutputDirError).reason).toBe('not-empty');
      expect((error as OutputDirError).entries).toEqual(['cat.png']);
      expect((error as Error).message).toContain('cat.png');
    }
    expect((await readdir(dir)).sort()).toEqual(['cat.png', 'model.json']);
    expect(await readFile(join(dir, 'model.json'), 'utf8')).toBe('{"mine":true}');
    const after = await stat(dir);
    expect([after.ino, after.mode, after.mtimeMs]).toEqual([before.ino, before.mode, before.mtimeMs]);
    expect(await readdir(root)).toEqual(['photos']);
    model.dispose();
  });

  it('uses an empty directory as it is, and gives a new one the mode of the umask (0755 with umask 022)', async () => {
    const previous = process.umask(0o022);
    try {
      const model = createModel('mlp', { seed: 1 });
      const empty = join(root, 'empty');
      await mkdir(empty, { mode: 0o700 });
      const before = await stat(empty);
      await saveModel(model, empty);
      const after = await stat(empty);
      expect([after.ino, after.mode & 0o777]).toEqual([before.ino, 0o700]);

      const fresh = join(root, 'a', 'fresh');
      await saveModel(model, fresh);
      expect((await stat(fresh)).mode & 0o777).toBe(0o755);
      expect((await stat(join(root, 'a'))).mode & 0o777).toBe(0o755);
      for (const file of await readdir(fresh)) expect((await stat(join(fresh, file))).mode & 0o777).toBe(0o644);
      process.umask(0o027);
      const group = join(root, 'group');
      await saveModel(model, group);
      expect((await stat(group)).mode & 0o777).toBe(0o750);
      expect((await stat(join(group, 'model.json'))).mode & 0o777).toBe(0o640);
      model.dispose();
    } finally {
      process.umask(previous);
    }
  });

  it('refuses a dangling symbolic link and an empty path', async () => {
    const model = createModel('mlp', { seed: 1 });
    await symlink(join(root, 'nowhere'), join(root, 'link'));
    const dangling = await saveModel(model, join(root, 'link')).catch((e: unknown) => e);
    expect((dangling as OutputDirError).reason).toBe('dangling-symlink');
    expect(await readdir(root)).toEqual(['link']);
    const empty = await saveModel(model, '').catch((e: unknown) => e);
    expect((empty as OutputDirError).reason).toBe('empty-path');
    model.dispose();
  });

  it('removes working folders of saves whose process died, keeps those of live processes', async () => {
    const deadPid = spawnSync(process.execPath, ['-e', '']).pid as number;
    const dir = join(root, 'out');
    const abandoned = join(dir, `.saving-${deadPid}-abc123`);
    const live = join(dir, `.saving-${process.ppid}-def456`);
    for (const d of [abandoned, live]) await mkdir(d, { recursive: true });
    const model = createModel('mlp', { seed: 1 });
    await saveModel(model, dir);
    expect((await readdir(dir)).sort()).toEqual([`.saving-${process.ppid}-def456`, 'group1-shard1of1.bin', 'model.json']);
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
    await expect(model.save(fileSystemIO(path))).rejects.toThrow(OutputDirError);
    expect(await readFile(path, 'utf8')).toBe('not a directory');
    expect(await readdir(root)).toEqual(['file']);
    model.dispose();
  });
});
