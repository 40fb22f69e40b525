import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import { build, createLogger, createServer, type ViteDevServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import webpack from 'webpack';
import { BUNDLED_MODEL_MANIFEST } from '../src/index.js';
import { launchChromium } from '@mnist/test-utils/chromium';
import { serveDirectory } from './browser-page.js';
import { MNIST_PIXELS_PER_IMAGE as PIXELS_PER_IMAGE, readMnistTestSet as loadMnistTestSet } from '@mnist/test-utils';
import { createPackedProject } from './packed-project.js';

/**
 * The Quick start as an app developer follows it: the packed tarball installed with npm into a
 * fresh project, a page that imports `loadRecognizer` and classifies canvases, no backend or asset
 * configuration; built with Vite, served by Vite's dev server, and built with webpack 5.
 */
const PAGE_SCRIPT = `
import { loadRecognizer } from '@mnist/infer';

function drawDigit(pixels, size) {
  const small = document.createElement('canvas');
  small.width = 28; small.height = 28;
  const image = small.getContext('2d').createImageData(28, 28);
  for (let i = 0; i < 784; i++) {
    const v = 255 - pixels[i];
    image.data.set([v, v, v, 255], i * 4);
  }
  small.getContext('2d').putImageData(image, 0, 0);
  const canvas = document.createElement('canvas');
  canvas.width = size; canvas.height = size;
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, size, size);
  ctx.drawImage(small, size * 0.2, size * 0.1, size * 0.6, size * 0.6);
  return canvas;
}

window.run = async (digits) => {
  const webglAvailable = ['webgl2', 'webgl'].some((kind) => !!document.createElement('canvas').getContext(kind));
  const recognizer = await loadRecognizer();
  const out = { backend: recognizer.backend, source: recognizer.model.source, webglAvailable, canvas: [], imageData: [], offscreen: [], bitmap: [], image: [] };
  for (const pixels of digits) {
    const canvas = drawDigit(pixels, 280);
    out.canvas.push((await recognizer.classify(canvas)).digit);
    out.imageData.push((await recognizer.classify(canvas.getContext('2d').getImageData(0, 0, 280, 280))).digit);
    const offscreen = new OffscreenCanvas(280, 280);
    offscreen.getContext('2d').drawImage(canvas, 0, 0);
    out.offscreen.push((await recognizer.classify(offscreen)).digit);
    out.bitmap.push((await recognizer.classify(await createImageBitmap(canvas))).digit);
    const img = new Image();
    img.src = canvas.toDataURL();
    await img.decode();
    out.image.push((await recognizer.classify(img)).digit);
  }
  const row = document.createElement('canvas');
  row.width = 140 * digits.length; row.height = 140;
  digits.forEach((pixels, k) => row.getContext('2d').drawImage(drawDigit(pixels, 140), k * 140, 0));
  out.text = (await recognizer.readDigits(row)).text;
  const blank = document.createElement('canvas');
  blank.width = 100; blank.height = 100;
  out.blank = await recognizer.classify(blank);
  recognizer.dispose();
  return out;
};
window.ready = true;
`;
const INDEX_HTML = '<!doctype html><link rel="icon" href="data:,"><script type="module" src="./main.js"></script>';
/** Budget for all the JavaScript a Vite app with the Quick start ships, gzipped (.wasm and the model excluded). */
const JS_BUDGET_GZIP_BYTES = 200 * 1024;

let project: string;
let viteOut: string;
let webpackOut: string;
type Served = { url: string; close: () => Promise<void> };
let viteServer: Served | undefined;
let webpackServer: Served | undefined;
let devServer: ViteDevServer;
let browser: Browser;
let noWebglBrowser: Browser;
const viteWarnings: string[] = [];
const urls: Record<'vite build' | 'vite dev' | 'webpack', string> = { 'vite build': '', 'vite dev': '', webpack: '' };
const { images, labels } = loadMnistTestSet();
const DIGIT_INDICES = [3, 2, 1, 18, 4, 8, 11, 0, 61, 7]; // one of each digit 0..9 in the test set
const digits = DIGIT_INDICES.map((i) => Array.from(images.subarray(i * PIXELS_PER_IMAGE, (i + 1) * PIXELS_PER_IMAGE)));
const expected = DIGIT_INDICES.map((i) => labels[i]);

function files(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}

function webpackBuild(config: webpack.Configuration): Promise<webpack.Stats> {
  return new Promise((resolve, reject) => {
    webpack(config, (error, stats) => {
      if (error) return reject(error);
      if (stats === undefined) return reject(new Error('webpack returned no stats'));
      if (stats.hasErrors()) return reject(new Error(stats.toString({ all: false, errors: true })));
      resolve(stats);
    });
  });
}

/** A Vite production build of `main.js` in the project, with Vite's own warnings collected. */
async function viteBuild(outDir: string, warnings: string[] = []): Promise<void> {
  const logger = createLogger('warn', { allowClearScreen: false });
  logger.warn = (message) => warnings.push(message);
  logger.warnOnce = (message) => warnings.push(message);
  await build({ root: project, base: './', customLogger: logger, logLevel: 'warn', build: { outDir, emptyOutDir: true } });
}

beforeAll(async () => {
  ({ dir: project } = createPackedProject('infer-app-'));
  writeFileSync(join(project, 'index.html'), INDEX_HTML);
  writeFileSync(join(project, 'main.js'), PAGE_SCRIPT);
  viteOut = join(project, 'dist-vite');
  await viteBuild(viteOut, viteWarnings);
  viteServer = await serveDirectory(viteOut);
  urls['vite build'] = viteServer.url;

  webpackOut = join(project, 'dist-webpack');
  // A webpack 5 production build as an app would configure it (minification off only to keep the suite fast).
  await webpackBuild({
    mode: 'production',
    context: project,
    entry: './main.js',
    target: 'web',
    devtool: false,
    output: { path: webpackOut, filename: 'main.js', publicPath: 'auto', clean: true },
    performance: { hints: false },
    optimization: { minimize: false },
  });
  writeFileSync(join(webpackOut, 'index.html'), INDEX_HTML.replace('type="module" ', ''));
  webpackServer = await serveDirectory(webpackOut);
  urls.webpack = webpackServer.url;

  devServer = await createServer({ root: project, logLevel: 'silent', server: { host: '127.0.0.1', port: 0, hmr: false } });
  await devServer.listen();
  urls['vite dev'] = `http://127.0.0.1:${(devServer.httpServer!.address() as AddressInfo).port}/`;

  browser = await launchChromium();
  noWebglBrowser = await launchChromium(['--disable-webgl', '--disable-3d-apis']);
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await noWebglBrowser?.close();
  await devServer?.close();
  await viteServer?.close();
  await webpackServer?.close();
  if (project) rmSync(project, { recursive: true, force: true });
});

type PageResult = Record<'canvas' | 'imageData' | 'offscreen' | 'bitmap' | 'image', number[]> & {
  backend: string;
  source: string;
  webglAvailable: boolean;
  text: string;
  blank: { digit: number | null; reason?: string };
};

/** Opens the app, runs it, and returns its result with every console error and failed request. */
async function runApp(target: Browser, url: string): Promise<{ result: PageResult; errors: string[] }> {
  const page: Page = await target.newPage();
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('requestfailed', (request) => errors.push(`request failed: ${request.url()}`));
  page.on('response', (response) => {
    if (response.status() >= 400) errors.push(`HTTP ${response.status()} for ${response.url()}`);
  });
  try {
    await page.goto(url);
    await page.waitForFunction(() => (window as unknown as { ready?: boolean }).ready === true);
    const result = await page.evaluate(
      ([d]) => (window as unknown as { run: (d: number[][]) => Promise<PageResult> }).run(d),
      [digits] as const,
    );
    return { result, errors };
  } finally {
    await page.close();
  }
}

function correct(predicted: number[]): number {
  return predicted.filter((d, k) => d === expected[k]).length;
}

describe('the packed tarball in an app, in headless Chromium, with no configuration', () => {
  for (const app of ['vite build', 'vite dev', 'webpack'] as const) {
    for (const webgl of [true, false]) {
      it(`${app}${webgl ? '' : ', WebGL disabled'}: reads digits on wasm with no console error`, async () => {
        const { result, errors } = await runApp(webgl ? browser : noWebglBrowser, urls[app]);
        expect(errors).toEqual([]);
        if (!webgl) expect(result.webglAvailable).toBe(false);
        expect(result.backend).toBe('wasm');
        expect(result.source).toBe('bundled');
        for (const kind of ['canvas', 'imageData', 'offscreen', 'bitmap', 'image'] as const) {
          expect(correct(result[kind]), kind).toBeGreaterThanOrEqual(9);
        }
        expect(result.text).toHaveLength(10);
        expect(correct(result.text.split('').map(Number))).toBeGreaterThanOrEqual(9);
        expect(result.blank.digit).toBeNull();
        expect(result.blank.reason).toMatch(/blank/);
      });
    }
  }
});

describe('what the Vite build ships', () => {
  it(`at most ${JS_BUDGET_GZIP_BYTES / 1024} KB of gzipped JavaScript, no chunk-size warning, the model and wasm as files`, () => {
    const out = files(viteOut);
    const js = out.filter((f) => f.endsWith('.js'));
    const gzipped = js.reduce((n, f) => n + gzipSync(readFileSync(f), { level: 9 }).length, 0);
    const wasm = out.filter((f) => f.endsWith('.wasm'));
    const model = out.filter((f) => f.endsWith('.bin'));
    console.log(
      `Vite app: ${js.length} JS file(s), ${gzipped} bytes gzipped; wasm: ${wasm.map((f) => `${relative(viteOut, f)} ${statSync(f).size}`).join(', ')}; model: ${model.map((f) => statSync(f).size).join(', ')} bytes`,
    );
    expect(viteWarnings.filter((w) => /chunk/i.test(w))).toEqual([]);
    expect(gzipped).toBeLessThanOrEqual(JS_BUDGET_GZIP_BYTES);
    expect(model).toHaveLength(1);
    expect(statSync(model[0]!).size).toBe(BUNDLED_MODEL_MANIFEST.file?.bytes);
    expect(wasm.length).toBeGreaterThanOrEqual(1);
    // The model is not in the JavaScript: neither its topology nor its weights.
    for (const f of js) expect(readFileSync(f, 'latin1')).not.toContain('"class_name"');
  });

  it('contains the model zero times when the app passes modelUrl', async () => {
    writeFileSync(
      join(project, 'main.js'),
      "import { loadRecognizer } from '@mnist/infer';\nwindow.load = () => loadRecognizer({ modelUrl: '/models/digits/' });\n",
    );
    const out = join(project, 'dist-model-url');
    await viteBuild(out);
    const modelFile = readFileSync(join(project, 'node_modules/@mnist/infer/dist/model/default-model.bin'));
    const weightsSample = modelFile.subarray(modelFile.length - 64).toString('latin1');
    const emitted = files(out);
    let occurrences = 0;
    for (const f of emitted.filter((name) => name.endsWith('.js'))) {
      const text = readFileSync(f, 'latin1');
      if (text.includes(weightsSample)) occurrences++;
      if (text.includes('"class_name"')) occurrences++;
    }
    expect(occurrences).toBe(0);
    // Vite copies every `new URL(..., import.meta.url)` file of the package it transforms; the model
    // file is there, unreferenced by the page's path (loadRecognizer never requests it with modelUrl).
    console.log(`modelUrl Vite app: emitted ${emitted.map((f) => relative(out, f)).join(', ')}`);
  });

  it('bundles no TensorFlow.js backend, model or wasm when the app imports only preprocess', async () => {
    writeFileSync(
      join(project, 'main.js'),
      "import { preprocess } from '@mnist/infer';\nwindow.pre = (canvas) => preprocess(canvas);\n",
    );
    const out = join(project, 'dist-preprocess');
    await viteBuild(out);
    const emitted = files(out);
    const js = emitted.filter((f) => f.endsWith('.js')).map((f) => readFileSync(f, 'utf8')).join('\n');
    expect(js).toMatch(/polarity/);
    // No reference to the model or the wasm binaries (Vite still copies the files it saw, unreferenced).
    for (const asset of emitted.filter((f) => /\.(bin|wasm)$/.test(f))) expect(js).not.toContain(relative(out, asset).split('/').pop());
    for (const marker of ['default-model', '.wasm', 'BackendWasm', 'MathBackendCPU', 'registerBackend', 'WASM_HAS_SIMD_SUPPORT', 'LayersModel', 'loadLayersModel']) {
      expect(js, marker).not.toContain(marker);
    }
    const gzipped = gzipSync(js, { level: 9 }).length;
    console.log(`preprocess-only Vite app: ${gzipped} bytes of JavaScript gzipped`);
  });
});
