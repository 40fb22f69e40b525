import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRng } from './create-rng';
import { InvalidOptionError } from './errors';
import { permutation } from './permutation';

describe('permutation', () => {
  it('is a permutation of 0..n-1, deterministic per seed', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 500 }), fc.integer(), (n, seed) => {
        const p = permutation(n, createRng(seed));
        expect(Array.from(p).sort((x, y) => x - y)).toEqual(Array.from({ length: n }, (_, i) => i));
        expect(permutation(n, createRng(seed))).toEqual(p);
      }),
    );
  });

  it('actually shuffles', () => {
    const p = permutation(1000, createRng(1));
    const fixed = Array.from(p).filter((v, i) => v === i).length;
    expect(fixed).toBeLessThan(20);
  });

  it('rejects a bad count', () => {
    expect(() => permutation(-1, Math.random)).toThrow(InvalidOptionError);
    expect(() => permutation(1.5, Math.random)).toThrow(/permutation count: expected a non-negative integer, found 1.5/);
  });
});
