import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileAtomic } from './write-file-atomic.js';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'mnist-atomic-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('writeFileAtomic', () => {
  it('writes text and bytes, replacing previous content, leaving no temporary files', async () => {
    const path = join(root, 'state.json');
    await writeFileAtomic(path, '{"a":1}');
    expect(await readFile(path, 'utf8')).toBe('{"a":1}');
    await writeFileAtomic(path, new Uint8Array([1, 2, 3]));
    expect([...(await readFile(path))]).toEqual([1, 2, 3]);
    expect(await readdir(root)).toEqual(['state.json']);
  });

  it('leaves other files intact and removes its temporary file when the rename fails', async () => {
    const path = join(root, 'keep.txt');
    await writeFile(path, 'previous');
    const blocked = join(root, 'dir');
    await mkdir(join(blocked, 'child'), { recursive: true });
    // renaming the written temporary file over a non-empty directory fails
    await expect(writeFileAtomic(blocked, 'new')).rejects.toMatchObject({ code: expect.stringMatching(/EISDIR|ENOTEMPTY|EEXIST|EPERM/) });
    expect((await readdir(root)).sort()).toEqual(['dir', 'keep.txt']);
    expect(await readFile(path, 'utf8')).toBe('previous');
  });

  it('fails for a missing parent directory without creating it', async () => {
    await expect(writeFileAtomic(join(root, 'missing', 'f.txt'), 'x')).rejects.toMatchObject({ code: 'ENOENT' });
    expect(await readdir(root)).toEqual([]);
  });
});
