import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../scripts/serve.mjs';
import { barValues, drawStrokes, drawStrokesByTouch, launch, OUTPUT_DIR, padBox, padPixels } from './browser';
import { DIGIT_STROKES } from './digit-strokes';

/** Generous limits for a shared 2-core machine; nothing here measures speed. */
const MODEL_READY_MS = 60_000;
const PREDICTION_MS = 15_000;
const EXPLORER_DONE_MS = 90_000;

let browser: Browser;
let server: RunningServer;
let context: BrowserContext;
let page: Page;
const requests: string[] = [];
const pageErrors: string[] = [];

async function prediction(): Promise<string> {
  return (await page.getByTestId('prediction').textContent()) ?? '';
}

async function clearPad(): Promise<void> {
  if (await page.getByTestId('clear').isEnabled()) await page.getByTestId('clear').click();
  await expect.poll(prediction, { timeout: PREDICTION_MS }).toBe('');
}

beforeAll(async () => {
  ({ browser, server } = await launch());
  // Reduced motion: no bar animations, so screenshots show the settled page.
  context = await browser.newContext({ viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1, reducedMotion: 'reduce' });
  page = await context.newPage();
  page.on('request', (request) => requests.push(request.url()));
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(server.url);
  await page.waitForSelector('body[data-model="ready"]', { timeout: MODEL_READY_MS });
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await server?.close();
});

describe('the demo page', () => {
  it('loads the model from the build alone: no request leaves the page origin', async () => {
    const backend = await page.getByTestId('backend').locator('.fact-value').textContent();
    expect(['webgl', 'wasm', 'cpu']).toContain(backend);
    await expect.poll(() => page.locator('#status').textContent()).toContain(backend);
    const foreign = requests.filter((url) => !url.startsWith(server.url) && !/^(data|blob):/.test(url));
    expect(foreign).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  for (const digit of ['0', '1', '3', '7'] as const) {
    it(`reads a hand-drawn ${digit} and updates the probability bars`, async () => {
      await clearPad();
      const before = await barValues(page);
      expect(before).toEqual(new Array(10).fill(0));
      await drawStrokes(page, DIGIT_STROKES[digit], await padBox(page));
      await expect.poll(prediction, { timeout: PREDICTION_MS }).toBe(digit);
      const after = await barValues(page);
      expect(after).not.toEqual(before);
      expect(after.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 3);
      expect(after.indexOf(Math.max(...after))).toBe(Number(digit));
      // The preprocessed 28x28 image shows ink.
      const seenInk = await page.getByTestId('seen').evaluate((canvas) => {
        const c = canvas as HTMLCanvasElement;
        const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
        let lit = 0;
        for (let i = 0; i < data.length; i += 4) if (data[i]! > 128) lit += 1;
        return { width: c.width, height: c.height, lit };
      });
      expect(seenInk.width).toBe(28);
      expect(seenInk.height).toBe(28);
      expect(seenInk.lit).toBeGreaterThan(20);
      if (digit === '3') {
        mkdirSync(OUTPUT_DIR, { recursive: true });
        await page.screenshot({ path: join(OUTPUT_DIR, 'demo.png'), fullPage: true });
      }
    });
  }

  it('clears back to "no digit" with the button and with Escape', async () => {
    await clearPad();
    const blank = await padPixels(page);
    await drawStrokes(page, DIGIT_STROKES['7'], await padBox(page));
    await expect.poll(prediction, { timeout: PREDICTION_MS }).toBe('7');
    await page.getByTestId('clear').click();
    await expect.poll(prediction, { timeout: PREDICTION_MS }).toBe('');
    expect(await barValues(page)).toEqual(new Array(10).fill(0));
    expect(await padPixels(page)).toBe(blank);

    await drawStrokes(page, DIGIT_STROKES['1'], await padBox(page));
    await expect.poll(prediction, { timeout: PREDICTION_MS }).toBe('1');
    await page.keyboard.press('Escape');
    await expect.poll(prediction, { timeout: PREDICTION_MS }).toBe('');
    expect(await padPixels(page)).toBe(blank);
  });

  it('undo removes only the last stroke (button and Ctrl+Z)', async () => {
    await clearPad();
    const blank = await padPixels(page);
    const box = await padBox(page);
    await drawStrokes(page, DIGIT_STROKES['0'], box);
    await expect.poll(prediction, { timeout: PREDICTION_MS }).toBe('0');
    const withZero = await padPixels(page);
    // A second stroke through the middle of the 0.
    await drawStrokes(page, [DIGIT_STROKES['1'][0]!], box);
    await expect.poll(() => padPixels(page)).not.toBe(withZero);
    await page.getByTestId('undo').click();
    expect(await padPixels(page)).toBe(withZero);
    await expect.poll(prediction, { timeout: PREDICTION_MS }).toBe('0');
    await page.keyboard.press('Control+z');
    expect(await padPixels(page)).toBe(blank);
    await expect.poll(prediction, { timeout: PREDICTION_MS }).toBe('');
    expect(await page.getByTestId('undo').isDisabled()).toBe(true);
  });

  it('reads a whole number written in a row and boxes each digit', async () => {
    await clearPad();
    await page.getByTestId('mode-number').click();
    const number = ['3', '0', '7'] as const;
    for (const [index, digit] of number.entries()) {
      await drawStrokes(page, DIGIT_STROKES[digit], await padBox(page, { index, count: number.length }));
    }
    await expect.poll(async () => (await page.getByTestId('number').textContent()) ?? '', { timeout: PREDICTION_MS }).toBe('307');
    await expect.poll(() => page.locator('[data-testid="number-digits"] li').count()).toBe(3);
    const boxedPixels = await page.locator('#pad-overlay').evaluate((canvas) => {
      const c = canvas as HTMLCanvasElement;
      const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      let painted = 0;
      for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) painted += 1;
      return painted;
    });
    expect(boxedPixels).toBeGreaterThan(1000);
    mkdirSync(OUTPUT_DIR, { recursive: true });
    await page.screenshot({ path: join(OUTPUT_DIR, 'demo-number.png'), fullPage: false });
    await page.getByTestId('clear').click();
    await expect.poll(async () => (await page.getByTestId('number').textContent()) ?? '').toBe('');
    await page.getByTestId('mode-digit').click();
  });

  it('explores test digits with predictions, per-class accuracy and a misclassified filter', async () => {
    await page.waitForSelector('body[data-explorer="done"]', { timeout: EXPLORER_DONE_MS });
    const summary = page.getByTestId('explorer-summary');
    const evaluated = Number(await summary.getAttribute('data-evaluated'));
    const misclassified = Number(await summary.getAttribute('data-misclassified'));
    expect(evaluated).toBe(1000);
    expect(await summary.textContent()).toMatch(/% correct on 1,000 MNIST test digits/);

    const tiles = page.getByTestId('explorer-tile');
    expect(await tiles.count()).toBe(24);
    const shown = await tiles.evaluateAll((nodes) =>
      nodes.map((n) => ({ ...(n as HTMLElement).dataset })),
    );
    for (const tile of shown) {
      expect(tile.state).toMatch(/^(correct|wrong)$/);
      expect(tile.state === 'correct').toBe(tile.predicted === tile.label);
    }

    const perClass = await page.locator('[data-testid="class-accuracy"] li').evaluateAll((nodes) =>
      nodes.map((n) => Number((n as HTMLElement).dataset.accuracy)),
    );
    expect(perClass).toHaveLength(10);
    for (const accuracy of perClass) {
      expect(accuracy).toBeGreaterThan(0.5);
      expect(accuracy).toBeLessThanOrEqual(1);
    }

    await page.getByTestId('misclassified-only').check();
    if (misclassified === 0) {
      await expect.poll(() => page.getByTestId('explorer-empty').count()).toBe(1);
      expect(await tiles.count()).toBe(0);
    } else {
      await expect.poll(() => tiles.count()).toBe(Math.min(misclassified, 60));
      const wrong = await tiles.evaluateAll((nodes) => nodes.map((n) => ({ ...(n as HTMLElement).dataset })));
      for (const tile of wrong) {
        expect(tile.state).toBe('wrong');
        expect(tile.predicted).not.toBe(tile.label);
      }
    }
    await page.getByTestId('misclassified-only').uncheck();
    await expect.poll(() => tiles.count()).toBe(24);
  });

  it('fills the model panel, including the time per digit', async () => {
    const time = await page.getByTestId('inference-time').textContent();
    expect(time).toMatch(/ms/);
    expect(await page.getByTestId('model-accuracy').textContent()).toMatch(/%/);
    expect(pageErrors).toEqual([]);
  });

  it('is accessible: named controls, Tab order skip link then mode then pad, text contrast at least 4.5:1', async () => {
    const audit = await page.evaluate(() => {
      const controls = [...document.querySelectorAll<HTMLElement>('button, input, select, a[href], [tabindex]:not([tabindex="-1"])')];
      const nameOf = (el: HTMLElement): string => {
        const labelled = el.getAttribute('aria-labelledby');
        if (labelled) return labelled.split(' ').map((id) => document.getElementById(id)?.textContent ?? '').join(' ');
        const label = el.id ? document.querySelector(`label[for="${el.id}"]`) : null;
        return (el.getAttribute('aria-label') ?? label?.textContent ?? el.closest('label')?.textContent ?? el.textContent ?? '').trim();
      };
      const unnamed = controls.filter((el) => nameOf(el) === '').map((el) => el.outerHTML.slice(0, 80));
      // Relative luminance contrast of text against the first opaque background behind it.
      const rgb = (color: string) => (color.match(/[\d.]+/g) ?? []).map(Number);
      const luminance = ([r, g, b]: number[]) => {
        const lin = (c: number) => {
          const v = c / 255;
          return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
        };
        return 0.2126 * lin(r!) + 0.7152 * lin(g!) + 0.0722 * lin(b!);
      };
      const background = (el: Element | null): number[] => {
        for (let e = el; e; e = e.parentElement) {
          const c = rgb(getComputedStyle(e).backgroundColor);
          if (c.length === 3 || (c.length === 4 && c[3]! >= 0.95)) return c.slice(0, 3);
        }
        return [255, 255, 255];
      };
      const low: string[] = [];
      let checked = 0;
      for (const el of document.querySelectorAll<HTMLElement>('body *')) {
        const own = [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent!.trim() !== '');
        if (!own || el.offsetParent === null || el.closest('[disabled]') || el.classList.contains('skip-link')) continue;
        checked += 1;
        const fg = luminance(rgb(getComputedStyle(el).color));
        const bg = luminance(background(el));
        const ratio = (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
        if (ratio < 4.5) low.push(`${el.tagName.toLowerCase()} "${el.textContent!.trim().slice(0, 30)}" ${ratio.toFixed(2)}:1`);
      }
      return { unnamed, low, checked, controls: controls.length };
    });
    expect(audit.controls).toBeGreaterThan(5);
    expect(audit.checked).toBeGreaterThan(30);
    expect(audit.unnamed).toEqual([]);
    expect(audit.low).toEqual([]);
    // Keyboard, on a fresh visit: the skip link comes first, then the mode switch, then the pad.
    const fresh = await context.newPage();
    try {
      await fresh.goto(server.url);
      await fresh.waitForSelector('body[data-model="ready"]', { timeout: MODEL_READY_MS });
      const order: string[] = [];
      for (let i = 0; i < 3; i++) {
        await fresh.keyboard.press('Tab');
        order.push(await fresh.evaluate(() => document.activeElement?.id || document.activeElement?.className || ''));
      }
      expect(order).toEqual(['skip-link', 'mode-digit', 'pad']);
    } finally {
      await fresh.close();
    }
  });

  it('works offline once loaded: a new visit with no network still reads digits', async () => {
    await page.waitForSelector('body[data-offline="ready"]', { timeout: MODEL_READY_MS });
    expect(await page.getByTestId('offline-note').textContent()).toMatch(/works without a network/);
    await context.setOffline(true);
    const offline = await context.newPage();
    try {
      await offline.goto(server.url);
      await offline.waitForSelector('body[data-model="ready"]', { timeout: MODEL_READY_MS });
      const box = await offline.getByTestId('pad').boundingBox();
      await drawStrokes(offline, DIGIT_STROKES['1'], box!);
      await expect.poll(async () => (await offline.getByTestId('prediction').textContent()) ?? '', { timeout: PREDICTION_MS }).toBe('1');
      // The explorer's sample came from the cache too.
      await offline.waitForSelector('body[data-explorer="done"]', { timeout: EXPLORER_DONE_MS });
    } finally {
      await context.setOffline(false);
      await offline.close();
    }
  });

  it('runs on the WebAssembly backend with the wasm binaries served from the build', async () => {
    const wasmPage = await context.newPage();
    const seen: string[] = [];
    wasmPage.on('request', (request) => seen.push(request.url()));
    try {
      await wasmPage.goto(`${server.url}?backend=wasm`);
      await wasmPage.waitForSelector('body[data-model="ready"]', { timeout: MODEL_READY_MS });
      expect(await wasmPage.getByTestId('backend').locator('.fact-value').textContent()).toBe('wasm');
      expect(await wasmPage.getByTestId('backend-choice').inputValue()).toBe('wasm');
      expect(seen.filter((url) => url.endsWith('.wasm')).every((url) => url.startsWith(server.url))).toBe(true);
      expect(seen.some((url) => url.endsWith('.wasm'))).toBe(true);
      expect(seen.filter((url) => !url.startsWith(server.url) && !/^(data|blob):/.test(url))).toEqual([]);
      const box = await wasmPage.getByTestId('pad').boundingBox();
      await drawStrokes(wasmPage, DIGIT_STROKES['7'], box!);
      await expect.poll(async () => (await wasmPage.getByTestId('prediction').textContent()) ?? '', { timeout: PREDICTION_MS }).toBe('7');
    } finally {
      await wasmPage.close();
    }
  });

  it('fits a 360-pixel-wide phone screen with no horizontal scroll, and reads a digit drawn by touch', async () => {
    const phone = await browser.newContext({
      viewport: { width: 360, height: 740 },
      deviceScaleFactor: 2,
      hasTouch: true,
      isMobile: true,
      reducedMotion: 'reduce',
    });
    try {
      const mobile = await phone.newPage();
      await mobile.goto(server.url);
      await mobile.waitForSelector('body[data-model="ready"]', { timeout: MODEL_READY_MS });
      const overflow = () => mobile.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(await overflow()).toBeLessThanOrEqual(0);
      const pad = await mobile.getByTestId('pad').boundingBox();
      expect(pad!.width).toBeLessThanOrEqual(360);
      expect(pad!.width).toBeGreaterThan(250);
      // A finger on the pad draws; it does not scroll the page.
      await mobile.getByTestId('pad').scrollIntoViewIfNeeded();
      const scrollBefore = await mobile.evaluate(() => window.scrollY);
      const padInView = await mobile.getByTestId('pad').boundingBox();
      await drawStrokesByTouch(mobile, DIGIT_STROKES['7'], padInView!);
      await expect.poll(async () => (await mobile.getByTestId('prediction').textContent()) ?? '', { timeout: PREDICTION_MS }).toBe('7');
      expect(await mobile.evaluate(() => window.scrollY)).toBe(scrollBefore);
      expect(await overflow()).toBeLessThanOrEqual(0);
      mkdirSync(OUTPUT_DIR, { recursive: true });
      await mobile.screenshot({ path: join(OUTPUT_DIR, 'demo-mobile.png') });
      await mobile.screenshot({ path: join(OUTPUT_DIR, 'demo-mobile-full.png'), fullPage: true });
      await mobile.getByTestId('mode-number').click();
      expect(await overflow()).toBeLessThanOrEqual(0);
    } finally {
      await phone.close();
    }
  });
});
