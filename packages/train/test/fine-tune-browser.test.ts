import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { launchChromium } from '@mnist/test-utils/chromium';
import { type LoopbackServer, startStaticServer } from '@mnist/test-utils';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ENTRY = new URL('../dist/fine-tune.js', import.meta.url).pathname;

/** The page: fine-tunes the bundled model on two made-up classes (bars across vs bars down) with a new head. */
const PAGE_SCRIPT = `
import * as tf from '@tensorflow/tfjs';
import { fineTuneModel, TransferDataError } from ${JSON.stringify(ENTRY)};

function bars(count, seed) {
  let s = seed;
  const rand = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
  const images = new Uint8Array(count * 784);
  const labels = new Uint8Array(count);
  for (let n = 0; n < count; n++) {
    const across = n % 2 === 0;
    labels[n] = across ? 0 : 1;
    const at = 8 + Math.floor(rand() * 12);
    const from = 4 + Math.floor(rand() * 4);
    const to = 20 + Math.floor(rand() * 4);
    for (let t = from; t < to; t++) for (let w = 0; w < 3; w++) {
      const [y, x] = across ? [at + w, t] : [t, at + w];
      images[n * 784 + y * 28 + x] = 255;
    }
  }
  return { images, labels, classNames: ['across', 'down'] };
}

window.run = async () => {
  await tf.setBackend('cpu');
  const out = { hasProcess: typeof process !== 'undefined' };
  const batches = [];
  const result = await fineTuneModel({
    base: 'bundled', data: bars(96, 1), testData: bars(40, 2), newHead: true, epochs: 3, batchSize: 16, learningRate: 0.01,
    onBatchEnd: (info) => { batches.push(info.phase); },
  });
  out.accuracy = result.test.accuracy;
  out.classNames = result.classNames;
  out.frozen = result.frozenLayers.length;
  out.layers = result.model.layers.length;
  out.batches = batches.length;
  out.base = result.base;
  result.model.dispose();
  try {
    await fineTuneModel({ base: 'bundled', data: { images: new Uint8Array(784), labels: [0], classNames: ['only'] } });
  } catch (error) {
    out.error = { isTransferDataError: TransferDataError.isInstance(error), problem: error.problem, name: error.name };
  }
  return out;
};
window.ready = true;
`;

let browser: Browser;
let workDir: string;
let bundle: string;
let server: LoopbackServer;

beforeAll(async () => {
  workDir = mkdtempSync(join(tmpdir(), 'mnist-finetune-browser-'));
  const entry = join(workDir, 'page.js');
  writeFileSync(entry, PAGE_SCRIPT);
  // platform 'browser' has no fs, worker_threads or other Node built-ins: importing one fails the build.
  const built = await build({ entryPoints: [entry], bundle: true, platform: 'browser', format: 'esm', write: false, logLevel: 'silent', nodePaths: [new URL('../node_modules', import.meta.url).pathname] });
  bundle = built.outputFiles[0]!.text;
  // Served as a bundler would emit it: the script, and @mnist/infer's bundled model beside it, where the
  // script's \`new URL('./model/default-model.bin', import.meta.url)\` points.
  writeFileSync(join(workDir, 'page.bundle.js'), bundle);
  writeFileSync(join(workDir, 'index.html'), '<!doctype html><title>fine-tune</title><script type="module" src="page.bundle.js"></script>');
  const inferDist = join(createRequire(import.meta.url).resolve('@mnist/infer'), '..');
  mkdirSync(join(workDir, 'model'));
  copyFileSync(join(inferDist, 'model', 'default-model.bin'), join(workDir, 'model', 'default-model.bin'));
  server = await startStaticServer(workDir);
  browser = await launchChromium();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
  rmSync(workDir, { recursive: true, force: true });
});

describe('@mnist/train/fine-tune in a browser page', () => {
  it('bundles for the browser with no Node built-ins', () => {
    // No static import or require of a Node built-in (esbuild's browser platform would also refuse one).
    // @mnist/infer reads its model file in Node through an import of a computed specifier, which only runs
    // where Node is detected and which bundlers leave alone: that is not an import of the bundle.
    expect(bundle).not.toMatch(/(from\s*|import\s*\(\s*|require\s*\(\s*)["'](node:)?(fs|fs\/promises|worker_threads|child_process)["']/);
    expect(bundle).toContain('fineTuneModel');
  });

  it('fine-tunes the bundled model with a new head where process, fs and worker_threads do not exist', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${server.origin}/index.html`);
    await page.waitForFunction('window.ready === true');
    const out = await page.evaluate('window.run()');
    expect(errors).toEqual([]);
    expect(out).toMatchObject({
      hasProcess: false,
      classNames: ['across', 'down'],
      batches: 3 * (96 / 16),
      base: { source: 'bundled', architecture: 'cnn-bn' },
      error: { isTransferDataError: true, problem: 'too-few-classes', name: 'TransferDataError' },
    });
    const { accuracy, frozen, layers } = out as { accuracy: number; frozen: number; layers: number };
    expect(frozen).toBe(layers - 1);
    expect(accuracy).toBeGreaterThanOrEqual(0.9);
    await page.close();
  }, 120_000);
});
