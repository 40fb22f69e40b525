import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertWritableDir } from './assert-writable-dir.js';
import { OutputDirError } from './errors/index.js';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'assert-writable-'));
  await writeFile(join(root, 'a-file'), 'x');
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('assertWritableDir', () => {
  it('accepts an existing directory and a not-yet-existing nested one, creating nothing', async () => {
    await expect(assertWritableDir(root)).resolves.toBeUndefined();
    await expect(assertWritableDir(join(root, 'x', 'y'))).resolves.toBeUndefined();
    await expect(stat(join(root, 'x'))).rejects.toThrow();
    // The write probe is removed again.
    expect((await readdir(root)).sort()).toEqual(['a-file']);
  });

  it('rejects a path that is a file, or lies below a file, naming the file', async () => {
    await expect(assertWritableDir(join(root, 'a-file'))).rejects.toThrow(OutputDirError);
    const error = await assertWritableDir(join(root, 'a-file', 'model')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OutputDirError);
    expect((error as OutputDirError).reason).toBe('not-a-directory');
    expect((error as Error).message).toContain(join(root, 'a-file'));
    expect((error as Error).message).toContain('is a file');
  });

  it('rejects a dangling symbolic link and an empty path', async () => {
    await symlink(join(root, 'missing'), join(root, 'dangling'));
    const error = await assertWritableDir(join(root, 'dangling')).catch((e: unknown) => e);
    expect((error as OutputDirError).reason).toBe('dangling-symlink');
    expect((await assertWritableDir('').catch((e: unknown) => e) as OutputDirError).reason).toBe('empty-path');
    await rm(join(root, 'dangling'));
  });

  // /proc passes access(W_OK) for root yet accepts no new file; an ordinary user is refused too. The
  // probe is the one check, so the outcome and the message are the same for both.
  it.runIf(existsSync('/proc/self'))('rejects a directory that accepts no new files, whoever runs it', async () => {
    for (const path of ['/proc/mnist-model', '/proc/x/y/r']) {
      const error = await assertWritableDir(path).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(OutputDirError);
      expect((error as OutputDirError).reason).toBe('not-writable');
      expect((error as Error).message).toContain('files cannot be created in /proc');
    }
  });
});
