import { describe, expect, it } from 'vitest';
import { InvalidOptionError } from './errors';
import { normalize } from './normalize';

describe('normalize', () => {
  it('maps 0..255 to [0, 1]', () => {
    const out = normalize(Uint8Array.from([0, 51, 255]));
    expect(out).toBeInstanceOf(Float32Array);
    expect(out[0]).toBe(0);
    expect(out[1]).toBeCloseTo(0.2, 6);
    expect(out[2]).toBe(1);
  });

  it('writes into a given array and checks its size', () => {
    const target = new Float32Array(4).fill(-1);
    expect(normalize(Uint8Array.from([255, 0]), target)).toBe(target);
    expect(Array.from(target)).toEqual([1, 0, -1, -1]);
    expect(() => normalize(new Uint8Array(3), new Float32Array(2))).toThrow(InvalidOptionError);
  });
});
