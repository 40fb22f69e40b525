import type * as fsPromises from 'node:fs/promises';
import { mkdtemp, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createModel } from '@mnist/models';
import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadModel } from './load-model.js';
import { ModelNotFoundError } from './model-not-found-error.js';
import { saveModel } from './save-model.js';

/**
 * Fault injection: `crash` decides which file-system call "kills the process". From that call on,
 * every write, rename and removal fails, like a process that died there (nothing gets cleaned up).
 */
const faults = vi.hoisted(() => ({
  crash: undefined as undefined | ((op: string, path: string) => boolean),
  dead: false,
  /** An ordinary, one-off failure (e.g. EBUSY): the process stays alive and may clean up. */
  failOnce: undefined as undefined | ((op: string, path: string) => boolean),
  /** `code` of the one-off failure's error. */
  failCode: undefined as string | undefined,
}));

vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof fsPromises>();
  const check = (op: string, path: unknown) => {
    if (faults.failOnce?.(op, String(path))) {
      faults.failOnce = undefined;
      throw Object.assign(new Error(`simulated failure at ${op} ${String(path)}`), { code: faults.failCode });
    }
    if (!faults.dead && faults.crash?.(op, String(path))) faults.dead = true;
    if (faults.dead) throw new Error(`simulated crash at ${op} ${String(path)}`);
  };
  return {
    ...actual,
    open: async (path: string, flags?: string, mode?: number) => {
      const handle = await actual.open(path, flags, mode);
      if (flags !== 'wx') return handle;
      return new Proxy(handle, {
        get(target, property) {
          if (property === 'writeFile') {
            return async (data: string | Uint8Array) => {
              if (!faults.dead && faults.crash?.('write', path)) {
                // half of the data reaches the disk, then the process dies
                await target.writeFile(typeof data === 'string' ? data.slice(0, data.length / 2) : data.subarray(0, data.length / 2));
              }
              check('write', path);
              return target.writeFile(data);
            };
          }
          const value = Reflect.get(target, property);
          return typeof value === 'function' ? value.bind(target) : value;
        },
      });
    },
    rename: async (from: string, to: string) => {
      check('rename', to);
      return actual.rename(from, to);
    },
    rm: async (path: string, options?: Parameters<typeof fsPromises.rm>[1]) => {
      if (faults.dead) return; // a dead process cleans nothing up
      return actual.rm(path, options);
    },
  };
});

let root: string;
let dir: string;
let previous: tf.LayersModel;
let next: tf.LayersModel;
let expected: number[];

function prediction(model: tf.LayersModel): number[] {
  return tf.tidy(() => Array.from((model.predict(tf.ones([1, 28, 28, 1])) as tf.Tensor).dataSync()));
}

/**
 * Every directory under `root` other than the model's (and the replaced old one) either fails to load
 * with ModelNotFoundError (a partial save: no model.json yet) or is a complete copy of the new model.
 */
async function expectNoPartialDirectoryThatLoads(): Promise<void> {
  for (const entry of await readdir(root)) {
    if (entry === 'model' || entry.includes('.replaced-')) continue;
    const result = await loadModel(join(root, entry)).catch((e: Error) => e);
    if (result instanceof Error) {
      expect(result).toBeInstanceOf(ModelNotFoundError);
    } else {
      expect(prediction(result)).toEqual(prediction(next));
      result.dispose();
    }
  }
}

beforeEach(async () => {
  faults.crash = undefined;
  faults.failOnce = undefined;
  faults.failCode = undefined;
  faults.dead = false;
  root = await mkdtemp(join(tmpdir(), 'mnist-crash-'));
  dir = join(root, 'model');
  previous = createModel('mlp', { seed: 1 });
  next = createModel('mlp', { seed: 2 });
  await saveModel(previous, dir);
  expected = prediction(previous);
  expect(prediction(next)).not.toEqual(expected);
});
afterEach(async () => {
  faults.crash = undefined;
  faults.dead = false;
  previous.dispose();
  next.dispose();
  await rm(root, { recursive: true, force: true });
});

describe('saveModel after a crash', () => {
  it('mid-shard: keeps the previous model loadable and leaves no partial directory that loads', async () => {
    faults.crash = (op, path) => op === 'write' && path.endsWith('.bin');
    await expect(saveModel(next, dir)).rejects.toThrow(/simulated crash/);
    faults.crash = undefined;
    faults.dead = false;
    const loaded = await loadModel(dir);
    expect(prediction(loaded)).toEqual(expected);
    loaded.dispose();
    expect((await readdir(root)).some((e) => e.includes('.saving-'))).toBe(true); // the dead save's leftovers
    await expectNoPartialDirectoryThatLoads();
  });

  it('while writing model.json: keeps the previous model', async () => {
    faults.crash = (op, path) => op === 'write' && path.includes('model.json');
    await expect(saveModel(next, dir)).rejects.toThrow(/simulated crash/);
    faults.crash = undefined;
    faults.dead = false;
    const loaded = await loadModel(dir);
    expect(prediction(loaded)).toEqual(expected);
    loaded.dispose();
    await expectNoPartialDirectoryThatLoads();
  });

  it('between moving the old directory away and moving the new one in: nothing half-written loads, the error says how to restore', async () => {
    faults.crash = (op, path) => op === 'rename' && path === dir;
    await expect(saveModel(next, dir)).rejects.toThrow(/simulated crash/);
    faults.crash = undefined;
    faults.dead = false;
    const error = await loadModel(dir).catch((e: Error) => e);
    expect(error).toBeInstanceOf(ModelNotFoundError);
    const replaced = (await readdir(root)).find((e) => e.includes('.replaced-'));
    expect(replaced).toBeDefined();
    expect((error as Error).message).toContain(join(root, replaced as string));
    await expectNoPartialDirectoryThatLoads();
    // following the message's advice restores the previous model
    await rename(join(root, replaced as string), dir);
    const loaded = await loadModel(dir);
    expect(prediction(loaded)).toEqual(expected);
    loaded.dispose();
  });

  it('recovers cleanly when the failure is an ordinary error: the previous directory is put back', async () => {
    faults.failOnce = (op, path) => op === 'rename' && path === dir;
    await expect(saveModel(next, dir)).rejects.toThrow(/simulated failure/);
    expect(faults.failOnce).toBeUndefined();
    expect(await readdir(root)).toEqual(['model']);
    const loaded = await loadModel(dir);
    expect(prediction(loaded)).toEqual(expected);
    loaded.dispose();
  });

  it('replaces the files one by one when the directory itself cannot be renamed (e.g. a mount point)', async () => {
    await writeFile(join(dir, 'keep.txt'), 'user file');
    faults.failCode = 'EBUSY';
    faults.failOnce = (op, path) => op === 'rename' && path.includes('.replaced-');
    await saveModel(next, dir);
    expect(faults.failOnce).toBeUndefined();
    expect((await readdir(dir)).sort()).toEqual(['group1-shard1of1.bin', 'keep.txt', 'model.json']);
    expect(await readdir(root)).toEqual(['model']);
    const loaded = await loadModel(dir);
    expect(prediction(loaded)).toEqual(prediction(next));
    loaded.dispose();
  });

  it('in-place replacement cut short by a crash leaves a directory that does not load', async () => {
    faults.failCode = 'EBUSY';
    faults.failOnce = (op, path) => op === 'rename' && path.includes('.replaced-');
    faults.crash = (op, path) => op === 'rename' && path.endsWith('.bin') && !path.includes('.saving-');
    await expect(saveModel(next, dir)).rejects.toThrow(/simulated crash/);
    faults.crash = undefined;
    faults.dead = false;
    await expect(loadModel(dir)).rejects.toThrow(ModelNotFoundError);
    await expectNoPartialDirectoryThatLoads();
  });
});
