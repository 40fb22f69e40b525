import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkModelFiles, parseChecksums } from './check-model-files.js';
import { ChecksumMismatchError, MissingModelFileError } from './release-errors.js';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'check-model-files-'));
});
afterAll(() => rm(root, { recursive: true, force: true }));

const hex = (b: Uint8Array | string) => createHash('sha256').update(b).digest('hex');

/** A model directory with a 2x3 float32 kernel (24 bytes) and a uint8-quantised bias of 3 (3 bytes). */
async function modelDir(name: string, shardBytes = 27): Promise<string> {
  const dir = join(root, name);
  await import('node:fs/promises').then((fs) => fs.mkdir(dir));
  const json = JSON.stringify({
    modelTopology: {},
    weightsManifest: [
      {
        paths: ['group1-shard1of1.bin'],
        weights: [
          { name: 'k', shape: [2, 3], dtype: 'float32' },
          { name: 'b', shape: [3], dtype: 'float32', quantization: { dtype: 'uint8', min: 0, scale: 1 } },
        ],
      },
    ],
  });
  await writeFile(join(dir, 'model.json'), json);
  await writeFile(join(dir, 'group1-shard1of1.bin'), new Uint8Array(shardBytes).fill(7));
  return dir;
}

describe('checkModelFiles', () => {
  it('accepts a complete directory and reports every file with its SHA-256', async () => {
    const dir = await modelDir('ok');
    const report = await checkModelFiles(dir);
    expect(report.weightBytes).toBe(27);
    expect(report.shards).toEqual(['group1-shard1of1.bin']);
    expect(report.checksumsVerified).toBe(false);
    expect(report.files.map((f) => f.path)).toEqual(['group1-shard1of1.bin', 'model.json']);
    expect(report.files[0]).toEqual({ path: 'group1-shard1of1.bin', bytes: 27, sha256: hex(new Uint8Array(27).fill(7)) });
  });

  it('refuses a truncated shard, naming both sizes', async () => {
    const dir = await modelDir('short', 26);
    await expect(checkModelFiles(dir)).rejects.toThrow(ChecksumMismatchError);
    await expect(checkModelFiles(dir)).rejects.toThrow(/27 bytes of weights .* but it has 26 bytes/);
  });

  it('refuses a missing model.json', async () => {
    await expect(checkModelFiles(join(root, 'nowhere'))).rejects.toThrow(MissingModelFileError);
  });

  it('verifies SHA256SUMS when present, and requires a line for every model file', async () => {
    const dir = await modelDir('sums');
    const shard = hex(new Uint8Array(27).fill(7));
    await writeFile(join(dir, 'SHA256SUMS'), `${shard}  group1-shard1of1.bin\n`);
    await expect(checkModelFiles(dir)).rejects.toThrow(/no line for model\.json/);
    const { readFile } = await import('node:fs/promises');
    const json = await readFile(join(dir, 'model.json'));
    await writeFile(join(dir, 'SHA256SUMS'), `${shard}  group1-shard1of1.bin\n${hex(json)} *model.json\n`);
    expect((await checkModelFiles(dir)).checksumsVerified).toBe(true);
    await writeFile(join(dir, 'SHA256SUMS'), `${'0'.repeat(64)}  group1-shard1of1.bin\n${hex(json)}  model.json\n`);
    await expect(checkModelFiles(dir)).rejects.toThrow(/SHA-256 0{64} \(from SHA256SUMS\), but it has SHA-256/);
  });
});

describe('parseChecksums', () => {
  it('reads text and binary mode lines and skips anything else', () => {
    const sums = parseChecksums(`${'A'.repeat(64)}  a.bin\n${'b'.repeat(64)} *b c.json\nnot a line\n`);
    expect([...sums]).toEqual([
      ['a.bin', 'a'.repeat(64)],
      ['b c.json', 'b'.repeat(64)],
    ]);
  });
});
