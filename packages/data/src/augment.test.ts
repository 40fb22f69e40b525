import { describe, expect, it } from 'vitest';
import { augment, changeStrokeWidth } from './augment';
import { createRng } from './create-rng';
import { InvalidOptionError } from './errors';

const constant = (value: number) => () => value;

/** count images of size x size with a distinct value per pixel. */
function ramp(count: number, size: number): Uint8Array {
  return Uint8Array.from({ length: count * size * size }, (_, i) => (i * 7) % 251);
}

describe('augment', () => {
  it('is the identity with no transform', () => {
    const images = ramp(3, 6);
    expect(augment({ images, count: 3, rows: 6, cols: 6, transforms: {}, rng: createRng(1) })).toEqual(images);
    expect(augment({ images, count: 3, rows: 6, cols: 6, transforms: { rotation: 30, scale: 0.2, translation: 3 }, rng: constant(0.5) })).toEqual(images);
    expect(augment({ images, count: 3, rows: 6, cols: 6, transforms: { elastic: { alpha: 0, sigma: 4 } }, rng: createRng(2) })).toEqual(images);
  });

  it('translates by whole pixels exactly, filling with black', () => {
    const size = 5;
    const images = ramp(1, size).map((v) => v + 1);
    // rng 0.75 -> shift = (0.75 * 2 - 1) * 4 = 2 pixels right and down
    const out = augment({ images, count: 1, rows: size, cols: size, transforms: { translation: 4 }, rng: constant(0.75) });
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        const expected = y >= 2 && x >= 2 ? images[(y - 2) * size + (x - 2)] : 0;
        expect(out[y * size + x]).toBe(expected);
      }
    }
  });

  it('rotates by 90 degrees about the centre', () => {
    const size = 5;
    const images = ramp(1, size);
    // rng 0.75 with rotation 180 -> angle 90 degrees
    const out = augment({ images, count: 1, rows: size, cols: size, transforms: { rotation: 180 }, rng: constant(0.75) });
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) expect(out[y * size + x]).toBe(images[(size - 1 - x) * size + y]);
    }
  });

  it('zooms in about the centre with scale', () => {
    const size = 9;
    const images = new Uint8Array(size * size);
    images[4 * size + 4] = 255; // a single bright centre pixel
    images[4 * size + 6] = 255; // and one two pixels to its right
    // rng 0.75 with scale 0.5 -> zoom 1.25: the right dot moves 2.5 pixels out, between x = 6 and 7
    const out = augment({ images, count: 1, rows: size, cols: size, transforms: { scale: 0.5 }, rng: constant(0.75) });
    expect(out[4 * size + 4]).toBe(255);
    expect(out[4 * size + 6]! + out[4 * size + 7]!).toBeGreaterThan(150);
  });

  it('is deterministic per seed, differs across seeds, and leaves the input alone', () => {
    const images = ramp(10, 28);
    const copy = images.slice();
    const options = { rotation: 15, scale: 0.1, translation: 2, elastic: { alpha: 8, sigma: 3 } };
    const a = augment({ images, count: 10, rows: 28, cols: 28, transforms: options, rng: createRng(3) });
    expect(augment({ images, count: 10, rows: 28, cols: 28, transforms: options, rng: createRng(3) })).toEqual(a);
    expect(augment({ images, count: 10, rows: 28, cols: 28, transforms: options, rng: createRng(4) })).not.toEqual(a);
    expect(images).toEqual(copy);
  });

  it('elastic distortion moves pixels but keeps a blob roughly in place', () => {
    const size = 28;
    const images = new Uint8Array(size * size);
    for (let y = 10; y < 18; y++) for (let x = 10; x < 18; x++) images[y * size + x] = 200;
    const out = augment({ images, count: 1, rows: size, cols: size, transforms: { elastic: { alpha: 34, sigma: 4 } }, rng: createRng(9) });
    expect(out).not.toEqual(images);
    let mass = 0;
    let cx = 0;
    for (let i = 0; i < out.length; i++) {
      mass += out[i]!;
      cx += (i % size) * out[i]!;
    }
    expect(mass).toBeGreaterThan(200 * 64 * 0.5);
    expect(Math.abs(cx / mass - 13.5)).toBeLessThan(4);
  });

  it('rejects bad arguments with InvalidOptionError', () => {
    const images = ramp(2, 4);
    expect(() => augment({ images, count: 3, rows: 4, cols: 4, transforms: {}, rng: Math.random })).toThrow(InvalidOptionError);
    expect(() => augment({ images, count: 2, rows: 4, cols: 4, transforms: {}, rng: Math.random, out: new Uint8Array(5) })).toThrow(/augment out: expected a Uint8Array of at least 32 elements/);
    expect(() => augment({ images, count: 2, rows: 4, cols: 4, transforms: {}, rng: Math.random, out: images })).toThrow(InvalidOptionError);
    expect(() => augment({ images, count: 2, rows: 4, cols: 4, transforms: { scale: 1 }, rng: Math.random })).toThrow(/augment scale/);
    expect(() => augment({ images, count: 2, rows: 4, cols: 4, transforms: { stroke: -1 }, rng: Math.random })).toThrow(/augment stroke/);
    expect(() => augment({ images, count: 2, rows: 4, cols: 4, transforms: { stroke: Number.NaN }, rng: Math.random })).toThrow(/augment stroke/);
    expect(() => augment({ images, count: 2, rows: 4, cols: 4, transforms: { stroke: { thin: 0.5, thicken: 4 } }, rng: Math.random })).toThrow(/augment stroke thicken/);
  });
});

/** A 9x9 image with a vertical bar of width 3 (columns 3-5) at full intensity. */
function bar(): Uint8Array {
  const image = new Uint8Array(81);
  for (let y = 1; y < 8; y++) for (let x = 3; x <= 5; x++) image[y * 9 + x] = 255;
  return image;
}
const inkWidth = (image: Uint8Array, row: number, threshold = 128) =>
  Array.from(image.subarray(row * 9, row * 9 + 9)).filter((v) => v >= threshold).length;

describe('stroke width augmentation', () => {
  it('thickens by one pixel per side with amount 1 and thins with amount -1', () => {
    const thick = bar();
    changeStrokeWidth(thick, 9, 9, 1, new Uint8Array(81));
    expect(inkWidth(thick, 4)).toBe(5);
    expect(thick[0 * 9 + 4]).toBe(255); // grew upwards too
    const thin = bar();
    changeStrokeWidth(thin, 9, 9, -1, new Uint8Array(81));
    expect(inkWidth(thin, 4)).toBe(1);
    expect(thin[4 * 9 + 4]).toBe(255);
    expect(thin[1 * 9 + 4]).toBe(0); // the end of the bar was eroded
  });

  it('blends fractional amounts and leaves amount 0 unchanged', () => {
    const half = bar();
    changeStrokeWidth(half, 9, 9, 0.5, new Uint8Array(81));
    expect(half[4 * 9 + 2]).toBe(128);
    expect(half[4 * 9 + 3]).toBe(255);
    const same = bar();
    changeStrokeWidth(same, 9, 9, 0, new Uint8Array(81));
    expect(same).toEqual(bar());
  });

  it('varies stroke width across a batch, deterministically, without moving the digit', () => {
    const count = 200;
    const images = new Uint8Array(count * 81);
    for (let n = 0; n < count; n++) images.set(bar(), n * 81);
    const out = augment({ images, count, rows: 9, cols: 9, transforms: { stroke: 1 }, rng: createRng(5) });
    expect(augment({ images, count, rows: 9, cols: 9, transforms: { stroke: 1 }, rng: createRng(5) })).toEqual(out);
    const ink = Array.from({ length: count }, (_, n) => out.subarray(n * 81, n * 81 + 81).reduce((a, v) => a + v, 0));
    const original = bar().reduce((a, v) => a + v, 0);
    expect(ink.some((v) => v > original * 1.3)).toBe(true);
    expect(ink.some((v) => v < original * 0.7)).toBe(true);
    for (let n = 0; n < count; n++) expect(out[n * 81 + 4 * 9 + 4]).toBe(255); // the centre of the bar stays ink
  });

  it('keeps to the [-thin, thicken] range', () => {
    const count = 100;
    const images = new Uint8Array(count * 81);
    for (let n = 0; n < count; n++) images.set(bar(), n * 81);
    const out = augment({ images, count, rows: 9, cols: 9, transforms: { stroke: { thin: 0, thicken: 1 } }, rng: createRng(6) });
    for (let n = 0; n < count; n++) {
      const image = out.subarray(n * 81, n * 81 + 81);
      expect(image.every((v, i) => v >= bar()[i]!)).toBe(true); // never thinner
    }
  });
});
