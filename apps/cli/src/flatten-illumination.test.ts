import { describe, expect, it } from 'vitest';
import type { DecodedImage } from './decode-image.js';
import { flattenIllumination } from './flatten-illumination.js';

const PAPER = 230;
const INK = 40;

/** A `width` x `height` grey page with a dark vertical bar in the middle, lit with brightness falling off by `falloff` to the right. */
function page(width: number, height: number, falloff: number, polarity: 'dark-on-light' | 'light-on-dark' = 'dark-on-light'): DecodedImage {
  const data = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const bar = Math.abs(x - width / 2) < width / 40 && y > height / 4 && y < (3 * height) / 4;
      const base = polarity === 'dark-on-light' ? (bar ? INK : PAPER) : bar ? PAPER : INK;
      data[y * width + x] = Math.round(base * (1 - falloff * (x / width)));
    }
  }
  return { data, width, height, channels: 1, format: 'png' };
}

describe('flattenIllumination', () => {
  it('evens out paper lit unevenly, keeping the ink dark', () => {
    const input = page(400, 300, 0.45);
    expect(input.data[150 * 400 + 395]! / input.data[150 * 400 + 5]!).toBeLessThan(0.6);
    const out = flattenIllumination(input);
    expect(out).not.toBe(input);
    expect(out.channels).toBe(1);
    const left = out.data[150 * 400 + 5]!;
    const right = out.data[150 * 400 + 395]!;
    expect(Math.abs(left - right)).toBeLessThan(20);
    expect(out.data[150 * 400 + 200]!).toBeLessThan(left * 0.4);
  });

  it('returns evenly lit, small and light-on-dark images unchanged (the same object)', () => {
    const even = page(400, 300, 0);
    expect(flattenIllumination(even)).toBe(even);
    const small = page(40, 30, 0.45);
    expect(flattenIllumination(small)).toBe(small);
    const lightOnDark = page(400, 300, 0.45, 'light-on-dark');
    expect(flattenIllumination(lightOnDark)).toBe(lightOnDark);
  });

  it('leaves images with transparency alone (drawings, not photos)', () => {
    const grey = page(200, 200, 0.45);
    const data = new Uint8Array(200 * 200 * 4);
    for (let i = 0; i < 200 * 200; i++) {
      data.fill(grey.data[i]!, 4 * i, 4 * i + 3);
      data[4 * i + 3] = i % 2 === 0 ? 255 : 128;
    }
    const rgba: DecodedImage = { data, width: 200, height: 200, channels: 4, format: 'png' };
    expect(flattenIllumination(rgba)).toBe(rgba);
  });
});
