import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import webpack from 'webpack';
import { type LoopbackServer, MNIST_PIXELS_PER_IMAGE, readMnistTestSet, startStaticServer } from '@mnist/test-utils';
import { launchChromium } from '@mnist/test-utils/chromium';
import { copyWasmBinaries } from './browser-page.js';
import { PACKAGE_DIR, requireBuild } from './require-build.js';

/** Side of the canvas each digit is drawn on, in CSS pixels. */
const CANVAS_PX = 140;

/** The entry webpack bundles: a page that draws MNIST digits on canvases and reads them. */
const ENTRY = `
import { loadRecognizer } from '@mnist/infer';

function drawDigit(pixels, size) {
  const canvas = document.createElement('canvas');
  canvas.width = size; canvas.height = size;
  const ctx = canvas.getContext('2d');
  const image = ctx.createImageData(28, 28);
  for (let i = 0; i < 784; i++) {
    const v = 255 - pixels[i];
    image.data.set([v, v, v, 255], i * 4);
  }
  const small = document.createElement('canvas');
  small.width = 28; small.height = 28;
  small.getContext('2d').putImageData(image, 0, 0);
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, size, size);
  ctx.drawImage(small, size * 0.15, size * 0.2, size * 0.6, size * 0.6);
  return canvas;
}

window.run = async (digits, backend) => {
  const options = { wasmPaths: new URL('./', location.href).href };
  if (backend) options.backend = backend;
  const recognizer = await loadRecognizer(options);
  const canvas = [];
  const imageData = [];
  for (const pixels of digits) {
    const c = drawDigit(pixels, ${CANVAS_PX});
    canvas.push((await recognizer.classify(c)).digit);
    imageData.push((await recognizer.classify(c.getContext('2d').getImageData(0, 0, ${CANVAS_PX}, ${CANVAS_PX}))).digit);
  }
  const blank = document.createElement('canvas');
  blank.width = 64; blank.height = 64;
  const out = { backend: recognizer.backend, canvas, imageData, blank: (await recognizer.classify(blank)).digit, model: recognizer.model };
  recognizer.dispose();
  return out;
};
window.ready = true;
`;

let server: LoopbackServer | undefined;
let browser: Browser;
let workDir: string;
let url: string;
const { images, labels } = readMnistTestSet();
const DIGIT_INDICES = [3, 2, 1, 18, 4, 8, 11, 0, 61, 7]; // one of each digit 0..9 in the test set
const digits = DIGIT_INDICES.map((i) => Array.from(images.subarray(i * MNIST_PIXELS_PER_IMAGE, (i + 1) * MNIST_PIXELS_PER_IMAGE)));
const expected = DIGIT_INDICES.map((i) => labels[i]);

function bundle(config: webpack.Configuration): Promise<webpack.Stats> {
  return new Promise((resolve, reject) => {
    webpack(config, (error, stats) => {
      if (error) return reject(error);
      if (stats === undefined) return reject(new Error('webpack returned no stats'));
      if (stats.hasErrors()) return reject(new Error(stats.toString({ all: false, errors: true })));
      resolve(stats);
    });
  });
}

beforeAll(async () => {
  requireBuild();
  workDir = mkdtempSync(join(tmpdir(), 'infer-webpack-'));
  const outDir = join(workDir, 'dist');
  writeFileSync(join(workDir, 'entry.js'), ENTRY);
  // A webpack 5 production build of a page that imports the built package, as an app would.
  // Minification is off only to keep the suite fast on small machines; resolution, tree shaking,
  // chunking and asset handling are those of a normal production build.
  await bundle({
    mode: 'production',
    context: workDir,
    entry: './entry.js',
    target: 'web',
    devtool: false,
    output: { path: outDir, filename: 'main.js', publicPath: 'auto', clean: true },
    resolve: { alias: { '@mnist/infer': join(PACKAGE_DIR, 'dist/index.js') } },
    performance: { hints: false },
    optimization: { minimize: false },
  });
  writeFileSync(join(outDir, 'index.html'), '<!doctype html><script src="./main.js"></script>');
  copyWasmBinaries(outDir);
  server = await startStaticServer(outDir);
  url = `${server.origin}/`;
  browser = await launchChromium();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

interface PageResult {
  backend: string;
  canvas: number[];
  imageData: number[];
  blank: number | null;
  model: { source: string };
}

describe('in headless Chromium (webpack 5 build)', () => {
  it('loads the bundled model and reads canvas and ImageData digits on the wasm backend', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    try {
      await page.goto(url);
      await page.waitForFunction(() => (window as unknown as { ready?: boolean }).ready === true);
      const result = await page.evaluate(
        ([d]) => (window as unknown as { run: (d: number[][], b?: string) => Promise<PageResult> }).run(d, 'wasm'),
        [digits] as const,
      );
      expect(errors).toEqual([]);
      expect(result.backend).toBe('wasm');
      expect(result.model.source).toBe('bundled');
      for (const kind of ['canvas', 'imageData'] as const) {
        expect(result[kind].filter((d, k) => d === expected[k]).length, kind).toBeGreaterThanOrEqual(9);
      }
      expect(result.blank).toBeNull();
    } finally {
      await page.close();
    }
  });
});
