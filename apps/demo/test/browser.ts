import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium } from '@mnist/test-utils/chromium';
import type { Browser, Page } from 'playwright-core';
import { type RunningServer, startServer } from '../scripts/serve.mjs';
import { placeStrokes, type UnitStroke } from './digit-strokes';

export const DEMO_DIR = fileURLToPath(new URL('..', import.meta.url));
export const DIST_DIR = join(DEMO_DIR, 'dist');
export const OUTPUT_DIR = join(DEMO_DIR, 'test-output');

/** Builds the demo unless dist/ already holds a complete build. */
export function ensureBuilt(): void {
  const complete = ['index.html', 'data/mnist-test-sample.bin.gz'].every((file) => existsSync(join(DIST_DIR, file)));
  if (complete) return;
  const require = createRequire(import.meta.url);
  const viteBin = join(dirname(require.resolve('vite/package.json')), 'bin', 'vite.js');
  // A production build, even though vitest sets NODE_ENV=test for this process.
  execFileSync(process.execPath, [viteBin, 'build'], { cwd: DEMO_DIR, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
}

export async function launch(): Promise<{ browser: Browser; server: RunningServer }> {
  ensureBuilt();
  const browser = await launchChromium();
  const server = await startServer({ root: DIST_DIR, port: 0 });
  return { browser, server };
}

/** Draws `strokes` (unit square) into `box` of the pad, like a person: pen down, many small moves, pen up. */
export async function drawStrokes(
  page: Page,
  strokes: readonly UnitStroke[],
  box: { x: number; y: number; width: number; height: number },
): Promise<void> {
  for (const stroke of placeStrokes(strokes, box)) {
    const [first, ...rest] = stroke;
    if (!first) continue;
    await page.mouse.move(first.x, first.y);
    await page.mouse.down();
    for (const point of rest) await page.mouse.move(point.x, point.y);
    await page.mouse.up();
  }
}

/**
 * Draws `strokes` with a finger: real touch events through the DevTools protocol (touchStart,
 * touchMove, touchEnd), which Chromium turns into `pointerType: 'touch'` pointer events, as on a phone.
 */
export async function drawStrokesByTouch(
  page: Page,
  strokes: readonly UnitStroke[],
  box: { x: number; y: number; width: number; height: number },
): Promise<void> {
  const session = await page.context().newCDPSession(page);
  try {
    for (const stroke of placeStrokes(strokes, box)) {
      const [first, ...rest] = stroke;
      if (!first) continue;
      await session.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x: first.x, y: first.y }] });
      for (const point of rest) {
        await session.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [{ x: point.x, y: point.y }] });
      }
      await session.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
    }
  } finally {
    await session.detach();
  }
}

/** The page box of the pad, or of a square cell of it for the `index`-th of `count` digits in a row. */
export async function padBox(page: Page, cell?: { index: number; count: number }) {
  const box = await page.getByTestId('pad').boundingBox();
  if (!box) throw new Error('Expected the drawing pad to be visible, found no bounding box.');
  if (!cell) return box;
  // Digits as tall as the pad, side by side, centred as a group.
  const size = box.height;
  const step = size * 0.72;
  const groupWidth = step * (cell.count - 1) + size;
  const left = box.x + (box.width - groupWidth) / 2;
  return { x: left + cell.index * step, y: box.y, width: size, height: size };
}

/** The ten probability bars' values. */
export async function barValues(page: Page): Promise<number[]> {
  return page.$$eval('[data-testid^="prob-"]', (bars) => bars.map((bar) => Number((bar as HTMLElement).dataset.value)));
}

/** A fingerprint of the pad's pixels. */
export async function padPixels(page: Page): Promise<string> {
  return page.getByTestId('pad').evaluate((canvas) => (canvas as HTMLCanvasElement).toDataURL());
}
