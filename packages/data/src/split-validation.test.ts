import { describe, expect, it } from 'vitest';
import { InvalidOptionError } from './errors';
import type { Split } from './split';
import { splitValidation } from './split-validation';

const count = 100;
const split: Split = {
  images: Uint8Array.from({ length: count * 3 }, (_, i) => Math.floor(i / 3)),
  labels: Uint8Array.from({ length: count }, (_, i) => i),
  count,
};

describe('splitValidation', () => {
  it('partitions the examples, keeping images with their labels', () => {
    const { train, validation } = splitValidation(split, 0.2, 5);
    expect(train.count).toBe(80);
    expect(validation.count).toBe(20);
    const all = [...train.labels, ...validation.labels].sort((a, b) => a - b);
    expect(all).toEqual(Array.from({ length: count }, (_, i) => i));
    for (const s of [train, validation]) {
      for (let i = 0; i < s.count; i++) expect(Array.from(s.images.subarray(3 * i, 3 * i + 3))).toEqual(new Array(3).fill(s.labels[i]));
    }
  });

  it('is deterministic per seed and shuffled', () => {
    const a = splitValidation(split, 0.1, 1).validation.labels;
    expect(splitValidation(split, 0.1, 1).validation.labels).toEqual(a);
    expect(splitValidation(split, 0.1, 2).validation.labels).not.toEqual(a);
    expect(Array.from(a)).not.toEqual(Array.from({ length: 10 }, (_, i) => 90 + i));
  });

  it('rejects a fraction outside [0, 1)', () => {
    expect(() => splitValidation(split, 1, 0)).toThrow(InvalidOptionError);
    expect(() => splitValidation(split, Number.NaN, 0)).toThrow(/validation fraction: expected a number in \[0, 1\), found NaN/);
    expect(splitValidation(split, 0, 0).validation.count).toBe(0);
  });
});
