import { describe, expect, it } from 'vitest';
import { augment } from './augment';
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
    expect(augment(images, 3, 6, 6, {}, createRng(1))).toEqual(images);
    expect(augment(images, 3, 6, 6, { rotation: 30, scale: 0.2, translation: 3 }, constant(0.5))).toEqual(images);
    expect(augment(images, 3, 6, 6, { elastic: { alpha: 0, sigma: 4 } }, createRng(2))).toEqual(images);
  });

  it('translates by whole pixels exactly, filling with black', () => {
    const size = 5;
    const images = ramp(1, size).map((v) => v + 1);
    // rng 0.75 -> shift = (0.75 * 2 - 1) * 4 = 2 pixels right and down
    const out = augment(images, 1, size, size, { translation: 4 }, constant(0.75));
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
    const out = augment(images, 1, size, size, { rotation: 180 }, constant(0.75));
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
    const out = augment(images, 1, size, size, { scale: 0.5 }, constant(0.75));
    expect(out[4 * size + 4]).toBe(255);
    expect(out[4 * size + 6]! + out[4 * size + 7]!).toBeGreaterThan(150);
  });

  it('is deterministic per seed, differs across seeds, and leaves the input alone', () => {
    const images = ramp(10, 28);
    const copy = images.slice();
    const options = { rotation: 15, scale: 0.1, translation: 2, elastic: { alpha: 8, sigma: 3 } };
    const a = augment(images, 10, 28, 28, options, createRng(3));
    expect(augment(images, 10, 28, 28, options, createRng(3))).toEqual(a);
    expect(augment(images, 10, 28, 28, options, createRng(4))).not.toEqual(a);
    expect(images).toEqual(copy);
  });

  it('elastic distortion moves pixels but keeps a blob roughly in place', () => {
    const size = 28;
    const images = new Uint8Array(size * size);
    for (let y = 10; y < 18; y++) for (let x = 10; x < 18; x++) images[y * size + x] = 200;
    const out = augment(images, 1, size, size, { elastic: { alpha: 34, sigma: 4 } }, createRng(9));
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
    expect(() => augment(images, 3, 4, 4, {}, Math.random)).toThrow(InvalidOptionError);
    expect(() => augment(images, 2, 4, 4, {}, Math.random, new Uint8Array(5))).toThrow(/augment out: expected a Uint8Array of at least 32 elements/);
    expect(() => augment(images, 2, 4, 4, {}, Math.random, images)).toThrow(InvalidOptionError);
    expect(() => augment(images, 2, 4, 4, { scale: 1 }, Math.random)).toThrow(/augment scale/);
  });
});
