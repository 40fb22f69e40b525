import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'fflate';
import { type LoopbackServer, startLoopbackServer } from '@mnist/test-utils';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { makeFixtureDataset } from '../../test/make-fixture-dataset';
import { DownloadError } from '../errors';
import { downloadFile } from './download-file';
import { loadMnist } from './load-mnist';
import { clearVerificationCache } from './read-verified-file';

const fixture = makeFixtureDataset({ train: 30, test: 10, seed: 5 });
/**
 * Idle timeout of the downloads, in milliseconds. Generous, so a loaded machine never times out a
 * good mirror; the stall tests reach it with fake timers, not by waiting.
 */
const TIMEOUT_MS = 30_000;

let server: LoopbackServer;
/** Called when the server has sent the start of a response it will never finish. */
let onStall: (() => void) | undefined;
let base: string;
let cacheDir: string;
const requests: string[] = [];
let flakyFailuresLeft = 0;

/** Routes: /missing/ 404, /corrupt/ wrong bytes, /truncated/ cut short, /slow/ stalls, /flaky/ 500 once, /good/. */
function handle(mirror: string, name: string): { status: number; body?: Uint8Array; declaredLength?: number; stall?: boolean } {
  const raw = fixture.files[name.replace(/\.gz$/, '')];
  if (!raw || mirror === 'missing') return { status: 404 };
  const good = gzipSync(raw);
  switch (mirror) {
    case 'corrupt': {
      const wrong = raw.slice();
      wrong[wrong.length - 1] = wrong[wrong.length - 1]! ^ 0xff;
      return { status: 200, body: gzipSync(wrong) };
    }
    case 'truncated':
      return { status: 200, body: good.subarray(0, Math.floor(good.length / 2)), declaredLength: good.length };
    case 'short-gzip':
      return { status: 200, body: good.subarray(0, good.length - 4) };
    case 'slow':
      return { status: 200, body: good.subarray(0, 10), declaredLength: good.length, stall: true };
    case 'flaky':
      if (flakyFailuresLeft-- > 0) return { status: 500 };
      return { status: 200, body: good };
    default:
      return { status: 200, body: good };
  }
}

beforeAll(async () => {
  server = await startLoopbackServer((req, res) => {
    requests.push(req.url ?? '');
    const [, mirror = '', name = ''] = (req.url ?? '').split('/');
    const reply = handle(mirror, name);
    if (!reply.body) {
      res.writeHead(reply.status).end();
      return;
    }
    res.writeHead(reply.status, { 'content-length': String(reply.declaredLength ?? reply.body.length) });
    res.write(reply.body);
    if (reply.stall) {
      onStall?.(); // never finish: the client must time out
      return;
    }
    if (reply.declaredLength !== undefined) {
      res.socket?.destroy(); // fewer bytes than declared, then the connection drops
      return;
    }
    res.end();
  });
  base = server.origin;
});

afterAll(() => server.close());

beforeEach(async () => {
  cacheDir = await mkdtemp(join(tmpdir(), 'mnist-download-'));
  requests.length = 0;
  clearVerificationCache();
  return () => rm(cacheDir, { recursive: true, force: true });
});

const options = (mirrors: string[]) => ({
  source: 'download' as const,
  datasetInfo: fixture.info,
  mirrors: mirrors.map((m) => `${base}/${m}/`),
  cacheDir,
  timeoutMs: TIMEOUT_MS,
  retries: 1,
  retryDelayMs: 0,
});

async function cachedFiles(): Promise<string[]> {
  return (await readdir(join(cacheDir, 'mnist'))).sort();
}

describe('download (loopback HTTP server)', () => {
  it('skips a 404, a corrupt file and a truncated file, then caches only verified data', async () => {
    const progress: number[] = [];
    const data = await loadMnist({ ...options(['missing', 'corrupt', 'truncated', 'good']), onProgress: (p) => progress.push(p.loaded) });
    expect(data.train.count).toBe(30);
    expect(data.test.count).toBe(10);
    expect(data.source).toBe(`download:${base}/good/`);
    expect(progress.length).toBeGreaterThan(0);

    // Each mirror was tried in order for each file; transient failures were retried once.
    const trainImages = requests.filter((r) => r.endsWith('/train-images-idx3-ubyte.gz'));
    expect(trainImages.map((r) => r.split('/')[1])).toEqual(['missing', 'corrupt', 'truncated', 'truncated', 'good']);

    // The cache holds exactly the four decompressed files, each verified, and no temporary files.
    expect(await cachedFiles()).toEqual(Object.keys(fixture.files).sort());
    for (const name of Object.keys(fixture.files)) {
      const bytes = await readFile(join(cacheDir, 'mnist', name));
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(fixture.info.sha256[name]);
    }

    // A second load uses the cache without touching the network.
    requests.length = 0;
    const again = await loadMnist(options(['good']));
    expect(requests).toEqual([]);
    expect(again.source).toBe(`cache:${join(cacheDir, 'mnist')}`);
  });

  it('throws DownloadError naming every failed attempt and leaves nothing in the cache', async () => {
    const error = await loadMnist(options(['missing', 'corrupt', 'short-gzip'])).catch((e) => e);
    expect(error).toBeInstanceOf(DownloadError);
    const message = (error as Error).message;
    expect(message).toMatch(/expected a mirror to serve a file that verifies, but every attempt failed/);
    expect(message).toMatch(/\/missing\/[^:]+: HTTP 404 Not Found/);
    expect(message).toMatch(/\/corrupt\/[^:]+: .*expected SHA-256/);
    expect(message).toMatch(/\/short-gzip\/[^:]+: .*gzip/);
    expect(message).toMatch(/pass other mirrors/);
    const entries = await readdir(join(cacheDir, 'mnist')).catch(() => []);
    expect(entries).toEqual([]);
  });

  it('retries a transient server error on the same mirror', async () => {
    flakyFailuresLeft = 1;
    const data = await loadMnist(options(['flaky']));
    expect(data.train.count).toBe(30);
    expect(requests.filter((r) => r.startsWith('/flaky/')).length).toBe(5);
  });

  it('replaces a cached file that no longer verifies and ignores leftover temporary files', async () => {
    await loadMnist(options(['good']));
    const dir = join(cacheDir, 'mnist');
    await writeFile(join(dir, 't10k-labels-idx1-ubyte'), fixture.files['t10k-labels-idx1-ubyte']!.subarray(0, 12));
    await writeFile(join(dir, '.t10k-images-idx3-ubyte.123.abc.partial'), new Uint8Array(5));
    clearVerificationCache();
    requests.length = 0;
    const data = await loadMnist(options(['good']));
    expect(requests).toEqual(['/good/t10k-labels-idx1-ubyte.gz']);
    expect(data.test.labels).toEqual(fixture.files['t10k-labels-idx1-ubyte']!.subarray(8));
  });
});

describe('a stalled response (fake timers: no real waiting)', () => {
  const name = 't10k-labels-idx1-ubyte';
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    // The moment the server stalls, the idle timeout passes: the client's timer is armed by then.
    onStall = () => vi.advanceTimersByTime(TIMEOUT_MS);
  });
  afterEach(() => {
    onStall = undefined;
    vi.useRealTimers();
  });

  it('times out after the idle timeout, retries once, then takes the next mirror', async () => {
    const result = await downloadFile(name, fixture.info, { mirrors: [`${base}/slow/`, `${base}/good/`], dir: cacheDir, timeoutMs: TIMEOUT_MS, retries: 1, retryDelayMs: 0 });
    expect(requests).toEqual([`/slow/${name}.gz`, `/slow/${name}.gz`, `/good/${name}.gz`]);
    expect(result.url).toBe(`${base}/good/${name}.gz`);
    expect(result.bytes).toEqual(fixture.files[name]);
  });

  it('names the timeout of every attempt when no mirror answers, and writes nothing', async () => {
    const error = await downloadFile(name, fixture.info, { mirrors: [`${base}/slow/`], dir: cacheDir, timeoutMs: TIMEOUT_MS, retries: 1, retryDelayMs: 0 }).catch((e) => e);
    expect(error).toBeInstanceOf(DownloadError);
    expect((error as Error).message).toMatch(new RegExp(`/slow/${name}.gz: no data for ${TIMEOUT_MS} ms \\(timeout\\)`));
    expect((error as Error).message).toMatch(new RegExp(`/slow/${name}.gz: attempt 2: no data for ${TIMEOUT_MS} ms \\(timeout\\)`));
    expect(await readdir(cacheDir)).toEqual([]);
  });
});
