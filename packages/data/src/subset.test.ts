import { describe, expect, it } from 'vitest';
import { InvalidOptionError } from './errors';
import type { Split } from './split';
import { subset } from './subset';

// 4 images of 2 pixels: image i holds [10*i, 10*i + 1], label i.
const split: Split = { images: Uint8Array.from([0, 1, 10, 11, 20, 21, 30, 31]), labels: Uint8Array.from([0, 1, 2, 3]), count: 4 };

describe('subset', () => {
  it('takes the first n examples as views', () => {
    const first = subset(split, 2);
    expect(first.count).toBe(2);
    expect(Array.from(first.images)).toEqual([0, 1, 10, 11]);
    expect(first.images.buffer).toBe(split.images.buffer);
    expect(subset(split, 99).count).toBe(4);
  });

  it('gathers given indices in order, as a copy', () => {
    const picked = subset(split, [3, 1]);
    expect(Array.from(picked.images)).toEqual([30, 31, 10, 11]);
    expect(Array.from(picked.labels)).toEqual([3, 1]);
    picked.images[0] = 99;
    expect(split.images[6]).toBe(30);
  });

  it('rejects out-of-range indices', () => {
    expect(() => subset(split, [4])).toThrow(InvalidOptionError);
    expect(() => subset(split, [0, -1])).toThrow(/subset index 1: expected an integer in 0\.\.3, found -1/);
    expect(() => subset(split, -2)).toThrow(InvalidOptionError);
  });
});
