import type * as fsPromises from 'node:fs/promises';
import { mkdtemp, readdir, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createModel } from '@mnist/models';
import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CorruptModelError } from './corrupt-model-error.js';
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
 * Every model directory inside the output directory's working folders either fails to load with
 * ModelNotFoundError or CorruptModelError (a partial save or a partial move) or is a complete copy of one of the two models.
 */
async function expectNoPartialDirectoryThatLoads(): Promise<void> {
  expect(await readdir(root)).toEqual(['model']); // nothing is ever written beside the output directory
  for (const entry of await readdir(dir)) {
    if (!entry.startsWith('.')) continue;
    const result = await loadModel(join(dir, entry)).catch((e: Error) => e);
    if (result instanceof Error) {
      expect(result instanceof ModelNotFoundError || result instanceof CorruptModelError).toBe(true);
    } else {
      expect([prediction(next), expected]).toContainEqual(prediction(result));
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

const replace = { overwrite: true };

describe('saveModel after a crash', () => {
  it('mid-shard: keeps the previous model loadable and leaves no partial directory that loads', async () => {
    faults.crash = (op, path) => op === 'write' && path.endsWith('.bin');
    await expect(saveModel(next, dir, undefined, replace)).rejects.toThrow(/simulated crash/);
    faults.crash = undefined;
    faults.dead = false;
    const loaded = await loadModel(dir);
    expect(prediction(loaded)).toEqual(expected);
    loaded.dispose();
    expect((await readdir(dir)).some((e) => e.startsWith('.saving-'))).toBe(true); // the dead save's leftovers
    await expectNoPartialDirectoryThatLoads();
  });

  it('while writing model.json: keeps the previous model', async () => {
    faults.crash = (op, path) => op === 'write' && path.includes('model.json');
    await expect(saveModel(next, dir, undefined, replace)).rejects.toThrow(/simulated crash/);
    faults.crash = undefined;
    faults.dead = false;
    const loaded = await loadModel(dir);
    expect(prediction(loaded)).toEqual(expected);
    loaded.dispose();
    await expectNoPartialDirectoryThatLoads();
  });

  it('between moving the old files aside and the new ones in: nothing half-written loads, the error says where the previous model is', async () => {
    faults.crash = (op, path) => op === 'rename' && path.includes('.replaced-') && path.endsWith('.bin');
    await expect(saveModel(next, dir, undefined, replace)).rejects.toThrow(/simulated crash/);
    faults.crash = undefined;
    faults.dead = false;
    const error = await loadModel(dir).catch((e: Error) => e);
    expect(error).toBeInstanceOf(ModelNotFoundError);
    // model.json went first; the shard move was cut short, so the previous copy is not complete yet:
    // the new one is, and the message points at it.
    const saving = (await readdir(dir)).find((e) => e.startsWith('.saving-'));
    expect(saving).toBeDefined();
    expect((error as Error).message).toContain(join(dir, saving as string));
    await expectNoPartialDirectoryThatLoads();
    // following the message's advice gives the new model
    for (const file of await readdir(join(dir, saving as string))) await rename(join(dir, saving as string, file), join(dir, file));
    const loaded = await loadModel(dir);
    expect(prediction(loaded)).toEqual(prediction(next));
    loaded.dispose();
  });

  it('while moving the new files in: the previous model is complete aside and the error says how to restore it', async () => {
    faults.crash = (op, path) => op === 'rename' && path === join(dir, 'group1-shard1of1.bin');
    await expect(saveModel(next, dir, undefined, replace)).rejects.toThrow(/simulated crash/);
    faults.crash = undefined;
    faults.dead = false;
    const error = await loadModel(dir).catch((e: Error) => e);
    expect(error).toBeInstanceOf(ModelNotFoundError);
    const replaced = (await readdir(dir)).find((e) => e.startsWith('.replaced-'));
    expect(replaced).toBeDefined();
    expect((error as Error).message).toContain(join(dir, replaced as string));
    await expectNoPartialDirectoryThatLoads();
    for (const file of await readdir(join(dir, replaced as string))) await rename(join(dir, replaced as string, file), join(dir, file));
    const loaded = await loadModel(dir);
    expect(prediction(loaded)).toEqual(expected);
    loaded.dispose();
  });

  it('recovers cleanly when the failure is an ordinary error: the previous files are put back', async () => {
    faults.failCode = 'EIO';
    faults.failOnce = (op, path) => op === 'rename' && path === join(dir, 'model.json');
    await expect(saveModel(next, dir, undefined, replace)).rejects.toThrow(/simulated failure/);
    expect(faults.failOnce).toBeUndefined();
    expect(await readdir(root)).toEqual(['model']);
    expect((await readdir(dir)).sort()).toEqual(['group1-shard1of1.bin', 'model.json']);
    const loaded = await loadModel(dir);
    expect(prediction(loaded)).toEqual(expected);
    loaded.dispose();
  });

  it('the next save removes the working folders of a dead save and writes the model', async () => {
    faults.crash = (op, path) => op === 'rename' && path === join(dir, 'group1-shard1of1.bin');
    await expect(saveModel(next, dir, undefined, replace)).rejects.toThrow(/simulated crash/);
    faults.crash = undefined;
    faults.dead = false;
    // Only working folders of dead processes are removed: pretend the crashed save was another process.
    for (const entry of await readdir(dir)) {
      if (entry.startsWith('.')) await rename(join(dir, entry), join(dir, entry.replace(/-(\d+)-/, '-999999999-')));
    }
    await saveModel(next, dir, undefined, replace);
    expect((await readdir(dir)).sort()).toEqual(['group1-shard1of1.bin', 'model.json']);
    const loaded = await loadModel(dir);
    expect(prediction(loaded)).toEqual(prediction(next));
    loaded.dispose();
  });
});
