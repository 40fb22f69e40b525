import { describe, expect, it } from 'vitest';
import { buildRobustnessSuites, SUITE_NAMES } from './robustness-suites.js';

/** n 28x28 "digits": a vertical bar with a foot, slightly different per image. */
function digits(n: number): { images: Uint8Array; labels: Uint8Array } {
  const images = new Uint8Array(n * 784);
  for (let k = 0; k < n; k++) {
    for (let y = 5; y < 23; y++) for (let x = 12 + (k % 3); x < 15 + (k % 3); x++) images[k * 784 + y * 28 + x] = 255;
    for (let x = 9; x < 19; x++) images[k * 784 + 22 * 28 + x] = 200;
  }
  return { images, labels: Uint8Array.from({ length: n }, (_, k) => k % 10) };
}

describe('robustness suites', () => {
  const { images, labels } = digits(6);

  it('builds every named suite with the labels, reproducibly for a seed', () => {
    const a = buildRobustnessSuites(images, labels, 6, { seed: 3 });
    expect(a.map((s) => s.name)).toEqual([...SUITE_NAMES]);
    const b = buildRobustnessSuites(images, labels, 6, { seed: 3 });
    for (const [i, suite] of a.entries()) {
      expect(suite.images).toHaveLength(6);
      expect(Array.from(suite.labels)).toEqual(Array.from(labels));
      expect(suite.images).toEqual(b[i]!.images);
    }
    const c = buildRobustnessSuites(images, labels, 6, { seed: 4, names: ['combined'] });
    expect(c[0]!.images).not.toEqual(a.find((s) => s.name === 'combined')!.images);
  });

  it('gives each transform its own look: sizes, binary pixels, dark ink on light paper', () => {
    const byName = Object.fromEntries(buildRobustnessSuites(images, labels, 6).map((s) => [s.name, s]));
    const first = (name: string) => byName[name]!.images[0]!;
    expect(first('clean').data).toEqual(images.subarray(0, 784));
    expect([first('low-res-16').width, first('low-res-16').height]).toEqual([16, 16]);
    expect([first('low-res-12').width, first('low-res-12').height]).toEqual([12, 12]);
    expect(new Set(first('binarised').data)).toEqual(new Set([0, 255]));
    const ink = (d: Uint8Array) => d.reduce((s, v) => s + v, 0);
    expect(ink(first('thick-pen').data)).toBeGreaterThan(ink(first('clean').data) * 1.3);
    expect(ink(first('thin-pen').data)).toBeLessThan(ink(first('clean').data) * 0.8);
    expect(ink(first('broken-strokes').data)).toBeLessThan(ink(first('clean').data));
    const photo = first('photo');
    expect(photo.width).toBeGreaterThanOrEqual(80);
    expect(photo.width).toBeLessThanOrEqual(128);
    const sorted = Array.from(photo.data).sort((x, y) => x - y);
    expect(sorted[Math.floor(sorted.length / 2)]).toBeGreaterThan(150); // mostly light paper
    expect(sorted[0]).toBeLessThan(110); // with dark ink
    // Box normalisation stretches the narrow bar to the 20x20 box.
    const boxed = first('box-normalised').data;
    let minX = 28;
    let maxX = 0;
    for (let i = 0; i < 784; i++) {
      if (boxed[i]! > 0) {
        minX = Math.min(minX, i % 28);
        maxX = Math.max(maxX, i % 28);
      }
    }
    expect(maxX - minX + 1).toBe(20);
  });
});
