import { describe, expect, it } from 'vitest';
import { deriveSeed } from './derive-seed.js';

describe('deriveSeed', () => {
  it('is pure and gives distinct 32-bit seeds for distinct inputs', () => {
    expect(deriveSeed(42, 3, 0)).toBe(deriveSeed(42, 3, 0));
    const seen = new Set<number>();
    for (let seed = 0; seed < 20; seed++) {
      for (let epoch = 0; epoch < 20; epoch++) seen.add(deriveSeed(seed, 3, epoch));
    }
    expect(seen.size).toBe(400);
    for (const s of seen) expect(Number.isInteger(s) && s >= 0 && s <= 0xffffffff).toBe(true);
  });

  it('depends on the number of parts', () => {
    expect(deriveSeed(1, 0)).not.toBe(deriveSeed(1, 0, 0));
  });
});
