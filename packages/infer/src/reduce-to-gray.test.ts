import { describe, expect, it } from 'vitest';
import { reduceToGray } from './reduce-to-gray.js';
import { toGrayscale } from './to-grayscale.js';
import { reduceLargeImage } from './to-ink-image.js';

/** Longer side of the test images, above the 1,024-pixel working size so the reduction runs. */
const WIDTH_PX = 1500;
const HEIGHT_PX = 700;
const MAX_SIDE_PX = 1024;

/** Deterministic pseudo-random bytes (xorshift), so a failure reproduces. */
function noise(length: number, seed: number): Uint8Array {
  const out = new Uint8Array(length);
  let s = seed;
  for (let i = 0; i < length; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    out[i] = s & 0xff;
  }
  return out;
}

/** The two-step reference: full-size gray, then area averaging. */
function twoStep(data: Uint8Array | Float32Array, channels: 1 | 3 | 4) {
  return reduceLargeImage(toGrayscale({ data, width: WIDTH_PX, height: HEIGHT_PX, channels }));
}

function maxDifference(a: Float32Array, b: Float32Array): number {
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]! - b[i]!));
  return max;
}

describe('reduceToGray', () => {
  it.each([1, 3, 4] as const)('matches gray conversion then area averaging (%i channels, bytes)', (channels) => {
    const data = noise(WIDTH_PX * HEIGHT_PX * channels, 12345 + channels);
    if (channels === 4) for (let i = 3; i < data.length; i += 4) if (i % 7 !== 0) data[i] = 255; // mostly opaque, some translucent
    const fused = reduceToGray(data, WIDTH_PX, HEIGHT_PX, channels, MAX_SIDE_PX, 1 / 255);
    const reference = twoStep(data, channels);
    expect([fused.width, fused.height]).toEqual([reference.image.width, reference.image.height]);
    expect(fused.scale).toBeCloseTo(reference.scale, 12);
    expect(maxDifference(fused.data, reference.image.data)).toBeLessThan(1e-4);
  });

  it('matches for [0, 1] floats and composites a transparent background like the full-size path', () => {
    const data = new Float32Array(WIDTH_PX * HEIGHT_PX * 4);
    // Black ink, opaque, on a fully transparent canvas: composited over white.
    for (let y = 300; y < 400; y++) for (let x = 600; x < 900; x++) data[(y * WIDTH_PX + x) * 4 + 3] = 1;
    const fused = reduceToGray(data, WIDTH_PX, HEIGHT_PX, 4, MAX_SIDE_PX, 1);
    const reference = twoStep(data, 4);
    expect(maxDifference(fused.data, reference.image.data)).toBeLessThan(1e-4);
    expect(fused.data[0]).toBeCloseTo(1, 5);
  });

  it('is what toGrayscale returns for a large input when given a working size', () => {
    const data = noise(WIDTH_PX * HEIGHT_PX, 7);
    const gray = toGrayscale({ data, width: WIDTH_PX, height: HEIGHT_PX }, MAX_SIDE_PX);
    expect(gray.width).toBe(MAX_SIDE_PX);
    expect(gray.scale).toBeCloseTo(MAX_SIDE_PX / WIDTH_PX, 12);
    const small = toGrayscale({ data: data.subarray(0, 100), width: 10, height: 10 }, MAX_SIDE_PX);
    expect(small.width).toBe(10);
    expect(small.scale).toBeUndefined();
  });
});
