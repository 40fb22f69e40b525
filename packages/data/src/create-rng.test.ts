import { describe, expect, it } from 'vitest';
import { createRng } from './create-rng';

describe('createRng', () => {
  it('is deterministic per seed, in [0, 1), and different across seeds', () => {
    const a = createRng(42);
    const b = createRng(42);
    const c = createRng(43);
    const xs = Array.from({ length: 1000 }, () => a());
    expect(Array.from({ length: 1000 }, () => b())).toEqual(xs);
    expect(Array.from({ length: 1000 }, () => c())).not.toEqual(xs);
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
  });

  it('is roughly uniform', () => {
    const rng = createRng(7);
    const bins = new Array<number>(10).fill(0);
    for (let i = 0; i < 100_000; i++) bins[Math.floor(rng() * 10)]!++;
    for (const count of bins) expect(Math.abs(count - 10_000)).toBeLessThan(500);
  });
});
