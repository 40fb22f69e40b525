import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LoopbackServer, MNIST_PIXELS_PER_IMAGE, readMnistTestSet, startStaticServer } from '@mnist/test-utils';
import { launchChromium } from '@mnist/test-utils/chromium';
import { copyWasmBinaries } from './browser-page.js';
import { PACKAGE_DIR, requireBuild } from './require-build.js';

/** The page: draws digits on canvases and classifies them in every supported browser form. */
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

window.run = async (digits, backend) => {
  const webglAvailable = ['webgl2', 'webgl'].some((kind) => !!new OffscreenCanvas(1, 1).getContext(kind) || !!document.createElement('canvas').getContext(kind));
  const options = { wasmPaths: new URL('./', location.href).href };
  if (backend) options.backend = backend;
  const recognizer = await loadRecognizer(options);
  const out = { backend: recognizer.backend, webglAvailable, canvas: [], imageData: [], offscreen: [], bitmap: [], image: [] };
  for (const pixels of digits) {
    const canvas = drawDigit(pixels, 140);
    out.canvas.push((await recognizer.classify(canvas)).digit);
    out.imageData.push((await recognizer.classify(canvas.getContext('2d').getImageData(0, 0, 140, 140))).digit);
    const offscreen = new OffscreenCanvas(140, 140);
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

let server: LoopbackServer | undefined;
let browser: Browser;
let page: Page;
let workDir: string;
let url: string;
const { images, labels } = readMnistTestSet();
const DIGIT_INDICES = [3, 2, 1, 18, 4, 8, 11, 0, 61, 7]; // one of each digit 0..9 in the test set
const digits = DIGIT_INDICES.map((i) => Array.from(images.subarray(i * MNIST_PIXELS_PER_IMAGE, (i + 1) * MNIST_PIXELS_PER_IMAGE)));
const expected = DIGIT_INDICES.map((i) => labels[i]);

beforeAll(async () => {
  requireBuild();
  workDir = mkdtempSync(join(tmpdir(), 'infer-browser-'));
  writeFileSync(join(workDir, 'index.html'), '<!doctype html><script type="module" src="./main.js"></script>');
  writeFileSync(join(workDir, 'main.js'), PAGE_SCRIPT);
  const outDir = join(workDir, 'dist');
  // A real Vite production build of a page that imports the built package.
  await build({
    root: workDir,
    logLevel: 'silent',
    base: './',
    resolve: { alias: { '@mnist/infer': join(PACKAGE_DIR, 'dist/index.js') } },
    build: { outDir, emptyOutDir: true, minify: true, chunkSizeWarningLimit: 10_000 },
  });
  copyWasmBinaries(outDir);
  server = await startStaticServer(outDir);
  url = `${server.origin}/`;
  browser = await launchChromium();
  page = await openPage(browser);
}, 240_000);

/** Makes every canvas refuse WebGL contexts, like a browser or machine without WebGL. */
function disableWebgl(): void {
  for (const proto of [HTMLCanvasElement.prototype, OffscreenCanvas.prototype] as { getContext: (kind: string, ...rest: unknown[]) => unknown }[]) {
    const original = proto.getContext;
    proto.getContext = function (this: unknown, kind: string, ...rest: unknown[]) {
      return kind.startsWith('webgl') || kind === 'experimental-webgl' ? null : original.call(this, kind, ...rest);
    };
  }
}

async function openPage(target: Browser, withoutWebgl = false): Promise<Page> {
  const opened = await target.newPage();
  if (withoutWebgl) await opened.addInitScript(disableWebgl);
  await opened.goto(url);
  await opened.waitForFunction(() => (window as unknown as { ready?: boolean }).ready === true);
  return opened;
}

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

type PageResult = Record<'canvas' | 'imageData' | 'offscreen' | 'bitmap' | 'image', number[]> & {
  backend: string;
  webglAvailable: boolean;
  text: string;
  blank: { digit: number | null; reason?: string };
};

function run(backend?: string, on: Page = page): Promise<PageResult> {
  return on.evaluate(
    ([d, b]) => (window as unknown as { run: (d: number[][], b?: string) => Promise<PageResult> }).run(d, b),
    [digits, backend] as const,
  );
}

function correct(predicted: number[]): number {
  return predicted.filter((d, k) => d === expected[k]).length;
}

describe('in headless Chromium (Vite build)', () => {
  it('picks the best backend that works: webgl if available, else wasm', async () => {
    const result = await run();
    console.log(`browser backend: ${result.backend} (webgl available: ${result.webglAvailable})`);
    expect(result.backend).toBe(result.webglAvailable ? 'webgl' : 'wasm');
    for (const kind of ['canvas', 'imageData', 'offscreen', 'bitmap', 'image'] as const) {
      expect(correct(result[kind]), kind).toBeGreaterThanOrEqual(9);
    }
    expect(result.text).toHaveLength(10);
    expect(correct(result.text.split('').map(Number))).toBeGreaterThanOrEqual(9);
    expect(result.blank.digit).toBeNull();
    expect(result.blank.reason).toMatch(/blank/);
  });

  it('falls back to wasm when WebGL is unavailable', async () => {
    const noWebgl = await openPage(browser, true);
    try {
      const result = await run(undefined, noWebgl);
      expect(result.webglAvailable).toBe(false);
      expect(result.backend).toBe('wasm');
      expect(correct(result.canvas)).toBeGreaterThanOrEqual(9);
      expect(correct(result.imageData)).toBeGreaterThanOrEqual(9);
    } finally {
      await noWebgl.close();
    }
  });

  it('runs on the cpu backend when asked, with the same answers', async () => {
    const result = await run('cpu');
    expect(result.backend).toBe('cpu');
    expect(correct(result.canvas)).toBeGreaterThanOrEqual(9);
  });
});
