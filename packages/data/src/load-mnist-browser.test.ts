import { gzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { makeFixtureDataset } from '../test/make-fixture-dataset';
import { ChecksumError, DownloadError, InvalidOptionError } from './errors';
import { loadMnist } from './load-mnist-browser';

const fixture = makeFixtureDataset({ train: 12, test: 6 });

/** A fetch that serves the fixture files from https://data.example/ (gzip under .gz). */
function fixtureFetch(files: Record<string, Uint8Array>, requested: string[] = []): typeof fetch {
  return (async (input: string | URL | Request) => {
    const url = String(input);
    requested.push(url);
    const name = url.replace('https://data.example/', '');
    const raw = files[name.replace(/\.gz$/, '')];
    if (!raw) return new Response('not found', { status: 404, statusText: 'Not Found' });
    const body = name.endsWith('.gz') ? gzipSync(raw) : raw;
    return new Response(body as Uint8Array<ArrayBuffer>, { headers: { 'content-length': String(body.length) } });
  }) as typeof fetch;
}

describe('loadMnist (fetch)', () => {
  it('loads gzip files from a base URL, verifies them and reports progress', async () => {
    const requested: string[] = [];
    const progress: string[] = [];
    const data = await loadMnist({
      baseUrl: 'https://data.example',
      fetch: fixtureFetch(fixture.files, requested),
      datasetInfo: fixture.info,
      onProgress: (p) => progress.push(`${p.file}:${p.loaded}/${p.total}`),
    });
    expect(data.train.count).toBe(12);
    expect(data.test.count).toBe(6);
    expect([data.rows, data.cols]).toEqual([28, 28]);
    expect(data.train.images).toEqual(fixture.files['train-images-idx3-ubyte']!.subarray(16));
    expect(requested).toContain('https://data.example/train-images-idx3-ubyte.gz');
    expect(progress.some((p) => p.startsWith('t10k-labels-idx1-ubyte:'))).toBe(true);
    expect(data.source).toBe('fetch:https://data.example');
  });

  it('loads raw files from explicit URLs', async () => {
    const urls = Object.fromEntries(Object.keys(fixture.files).map((name) => [name, `https://data.example/${name}`]));
    const data = await loadMnist({ urls, fetch: fixtureFetch(fixture.files), datasetInfo: fixture.info });
    expect(Array.from(data.test.labels)).toEqual([3, 0, 7, 4, 1, 8]);
  });

  it('throws ChecksumError when the bytes differ from the table, and DownloadError on HTTP errors', async () => {
    const tampered = { ...fixture.files, 't10k-labels-idx1-ubyte': fixture.files['t10k-labels-idx1-ubyte']!.map((v, i) => (i === 9 ? 9 : v)) };
    const checksum = await loadMnist({ baseUrl: 'https://data.example/', fetch: fixtureFetch(tampered), datasetInfo: fixture.info }).catch((e) => e);
    expect(checksum).toBeInstanceOf(ChecksumError);
    expect(checksum.message).toMatch(/^t10k-labels-idx1-ubyte: expected SHA-256/);
    const missing = await loadMnist({ baseUrl: 'https://data.example/', suffix: '.zip', fetch: fixtureFetch(fixture.files), datasetInfo: fixture.info }).catch((e) => e);
    expect(missing).toBeInstanceOf(DownloadError);
    expect(missing.message).toMatch(/https:\/\/data\.example\/train-images-idx3-ubyte\.zip: HTTP 404 Not Found/);
  });

  it('skips verification with verify: false, and asks for a URL when given none', async () => {
    const data = await loadMnist({ baseUrl: 'https://data.example/', fetch: fixtureFetch(fixture.files), dataset: 'fashion-mnist', verify: false });
    expect(data.classNames[9]).toBe('Ankle boot');
    await expect(loadMnist({})).rejects.toThrow(InvalidOptionError);
  });
});
