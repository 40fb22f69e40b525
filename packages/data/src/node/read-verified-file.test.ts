import { createHash } from 'node:crypto';
import { mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'fflate';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ChecksumError, GzipError } from '../errors';
import { clearVerificationCache, readVerifiedFile } from './read-verified-file';

const bytes = Uint8Array.from({ length: 1000 }, (_, i) => i % 256);
const info = { sha256: { f: createHash('sha256').update(bytes).digest('hex') }, bytes: { f: bytes.length } };
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mnist-verify-'));
  clearVerificationCache();
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('readVerifiedFile', () => {
  it('reads raw and gzip files and verifies the decompressed bytes', async () => {
    await writeFile(join(dir, 'f'), bytes);
    await writeFile(join(dir, 'f.gz'), gzipSync(bytes));
    expect(await readVerifiedFile(join(dir, 'f'), 'f', info)).toEqual(bytes);
    expect(await readVerifiedFile(join(dir, 'f.gz'), 'f', info)).toEqual(bytes);
  });

  it('remembers a verified file by path, size and mtime; a changed mtime or cleared cache re-verifies', async () => {
    const path = join(dir, 'f');
    const atime = new Date('2020-01-01T00:00:00Z');
    const mtime = new Date('2020-01-02T00:00:00Z');
    await writeFile(path, bytes);
    await utimes(path, atime, mtime);
    await readVerifiedFile(path, 'f', info);
    // Same size, same mtime, different content: the per-process cache trusts it (that is what makes reloads fast)...
    await writeFile(path, bytes.map((v) => 255 - v));
    await utimes(path, atime, mtime);
    expect((await readVerifiedFile(path, 'f', info))[0]).toBe(255);
    // ...but not after the cache is cleared, nor once the mtime changes.
    clearVerificationCache();
    await expect(readVerifiedFile(path, 'f', info)).rejects.toBeInstanceOf(ChecksumError);
    await utimes(path, atime, new Date(mtime.getTime() + 5000));
    await expect(readVerifiedFile(path, 'f', info)).rejects.toBeInstanceOf(ChecksumError);
    expect((await readVerifiedFile(path, 'f', info, false))[0]).toBe(255);
  });

  it('reports a corrupt gzip file with GzipError', async () => {
    const gz = gzipSync(bytes);
    await writeFile(join(dir, 'f.gz'), gz.subarray(0, gz.length - 5));
    await expect(readVerifiedFile(join(dir, 'f.gz'), 'f', info)).rejects.toBeInstanceOf(GzipError);
  });
});
