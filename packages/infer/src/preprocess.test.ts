import { describe, expect, it } from 'vitest';
import { drawRing, mnistTestDigit, readMnistTestSet } from '@mnist/test-utils';
import { strokeRatio } from './normalize-digit.js';
import { preprocess } from './preprocess.js';

function centerOfMass(pixels: Float32Array): [number, number] {
  let m = 0;
  let sx = 0;
  let sy = 0;
  pixels.forEach((v, i) => {
    m += v;
    sx += v * (i % 28);
    sy += v * Math.floor(i / 28);
  });
  return [sx / m, sy / m];
}

describe('preprocess', () => {
  it('reports blank and uniform images as empty with a reason', () => {
    for (const value of [0, 128, 255]) {
      const r = preprocess({ data: new Uint8Array(64 * 64).fill(value), width: 64, height: 64 });
      expect(r.empty).toBe(true);
      expect(r.reason).toMatch(/blank or uniform/);
      expect(r.box).toBeNull();
      expect(r.pixels.every((v) => v === 0)).toBe(true);
    }
  });

  it('leaves MNIST digits (already normalised) almost unchanged', () => {
    const { images } = readMnistTestSet();
    for (let i = 0; i < 50; i++) {
      const digit = mnistTestDigit(images, i);
      const r = preprocess(digit);
      expect(r.polarity).toBe('light-on-dark');
      let diff = 0;
      r.pixels.forEach((v, p) => {
        diff += Math.abs(v - digit.data[p]! / 255);
      });
      expect(diff).toBeLessThan(25);
    }
  });

  it('returns most MNIST test digits exactly as they are (faint anti-aliasing, detached pieces kept)', () => {
    const { images } = readMnistTestSet();
    const count = 500;
    let identical = 0;
    for (let i = 0; i < count; i++) {
      const digit = mnistTestDigit(images, i);
      const r = preprocess(digit);
      if (r.pixels.every((v, p) => Math.abs(v - digit.data[p]! / 255) < 1e-6)) identical++;
    }
    // Before the noise floor followed the paper's own noise, under a tenth were identical.
    expect(identical / count).toBeGreaterThan(0.8);
  });

  it('still treats faint noise on a noisy page as paper', () => {
    const width = 80;
    const height = 80;
    const clean = drawRing(width, height, 40, 40, 22, 5);
    let state = 7;
    const noisy = clean.map((v) => {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      return v === 255 ? 255 - ((state >>> 16) % 8) : v; // paper 248-255
    });
    const r = preprocess({ data: noisy, width, height });
    const c = preprocess({ data: clean, width, height });
    expect(r.box).toEqual(c.box);
    const stray = r.pixels.filter((v, i) => v > 0 && c.pixels[i] === 0).length;
    expect(stray).toBeLessThan(10);
  });

  it('keeps a small detached piece next to the digit (a broken stroke), drops far specks', () => {
    const width = 100;
    const height = 100;
    const data = new Uint8Array(width * height).fill(255);
    // A vertical bar (the body of a "1") and a short detached flag just left of its top.
    for (let y = 20; y < 80; y++) for (let x = 48; x < 54; x++) data[y * width + x] = 0;
    for (let y = 22; y < 25; y++) for (let x = 40; x < 45; x++) data[y * width + x] = 0;
    const r = preprocess({ data, width, height });
    expect(r.box!.x).toBeLessThanOrEqual(40);
    data[3 * width + 95] = 0; // a far speck
    data[3 * width + 96] = 0;
    const withSpeck = preprocess({ data, width, height });
    expect(withSpeck.box).toEqual(r.box);
  });

  it('thins very thick strokes unless the model was trained on them (thinThickStrokes: false)', () => {
    const width = 100;
    const height = 100;
    const data = drawRing(width, height, 50, 50, 25, 22); // a bold marker "0"
    const thinned = preprocess({ data, width, height });
    const asIs = preprocess({ data, width, height }, { thinThickStrokes: false });
    expect(strokeRatio(thinned.pixels, 28, 28)).toBeLessThan(strokeRatio(asIs.pixels, 28, 28) - 0.2);
    const normal = drawRing(width, height, 50, 50, 25, 6);
    expect(preprocess({ data: normal, width, height }).pixels).toEqual(preprocess({ data: normal, width, height }, { thinThickStrokes: false }).pixels);
  });

  it('finds dark ink on light paper, crops it, fits 20x20 and centres the mass at 14,14', () => {
    const width = 200;
    const height = 120;
    const r = preprocess({ data: drawRing(width, height, 150, 40, 25, 6), width, height });
    expect(r.empty).toBe(false);
    expect(r.polarity).toBe('dark-on-light');
    const box = r.box!;
    expect(Math.abs(box.y - 12)).toBeLessThanOrEqual(2);
    expect(Math.abs(box.height - 56)).toBeLessThanOrEqual(3);
    const [cx, cy] = centerOfMass(r.pixels);
    expect(Math.abs(cx - 14)).toBeLessThan(0.75);
    expect(Math.abs(cy - 14)).toBeLessThan(0.75);
    let rows = 0;
    for (let y = 0; y < 28; y++) if (r.pixels.subarray(y * 28, y * 28 + 28).some((v) => v > 0.05)) rows++;
    expect(rows).toBeGreaterThanOrEqual(19);
    expect(rows).toBeLessThanOrEqual(22);
  });

  it('gives the same 28x28 image for inverted polarity', () => {
    const data = drawRing(60, 60, 30, 30, 18, 5);
    const inverted = data.map((v) => 255 - v);
    const a = preprocess({ data, width: 60, height: 60 });
    const b = preprocess({ data: inverted, width: 60, height: 60 });
    expect(b.polarity).toBe('light-on-dark');
    a.pixels.forEach((v, i) => {
      expect(v).toBeCloseTo(b.pixels[i]!, 5);
    });
  });

  it('ignores specks of noise away from the digit', () => {
    const data = drawRing(100, 100, 50, 50, 20, 6);
    const clean = preprocess({ data, width: 100, height: 100 });
    data[2 * 100 + 2] = 0;
    data[97 * 100 + 95] = 0;
    const noisy = preprocess({ data, width: 100, height: 100 });
    expect(noisy.box).toEqual(clean.box);
  });

  it('works from 16x16 up to 4K inputs', () => {
    const small = preprocess({ data: drawRing(16, 16, 8, 8, 5, 2), width: 16, height: 16 });
    expect(small.empty).toBe(false);
    const width = 3840;
    const height = 2160;
    const big = preprocess({ data: drawRing(width, height, 1900, 1000, 400, 60), width, height });
    expect(big.empty).toBe(false);
    expect(Math.abs(big.box!.height - 860)).toBeLessThan(20);
    expect(centerOfMass(big.pixels)[1]).toBeCloseTo(14, 0);
  });
});
