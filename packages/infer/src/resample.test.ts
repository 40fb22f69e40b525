import { describe, expect, it } from 'vitest';
import { resample } from './resample.js';

describe('resample', () => {
  it('is the identity when the size does not change', () => {
    const src = Float32Array.from({ length: 12 }, (_, i) => i / 12);
    const out = resample(src, 4, { x: 0, y: 0, width: 4, height: 3 }, 4, 3);
    expect(Array.from(out)).toEqual(Array.from(src).map((v) => expect.closeTo(v, 6)));
  });

  it('area-averages when shrinking (mass is preserved per area)', () => {
    const src = Float32Array.of(1, 0, 0, 1, 1, 1, 0, 0);
    const out = resample(src, 4, { x: 0, y: 0, width: 4, height: 2 }, 2, 1);
    expect(out[0]).toBeCloseTo(0.75, 6);
    expect(out[1]).toBeCloseTo(0.25, 6);
  });

  it('interpolates bilinearly when enlarging and crops to the box', () => {
    const src = Float32Array.of(9, 9, 9, 0, 1, 9);
    const out = resample(src, 3, { x: 0, y: 1, width: 2, height: 1 }, 4, 1);
    expect(out[0]).toBeCloseTo(0, 6);
    expect(out[1]).toBeCloseTo(0.25, 6);
    expect(out[2]).toBeCloseTo(0.75, 6);
    expect(out[3]).toBeCloseTo(1, 6);
  });
});
