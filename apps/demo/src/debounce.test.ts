import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { debounce } from './debounce';

describe('debounce', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('runs once with the last arguments after calls pause', () => {
    const seen: number[] = [];
    const fn = debounce((n: number) => seen.push(n), 100);
    fn(1);
    vi.advanceTimersByTime(60);
    fn(2);
    vi.advanceTimersByTime(60);
    fn(3);
    expect(seen).toEqual([]);
    expect(fn.pending).toBe(true);
    vi.advanceTimersByTime(100);
    expect(seen).toEqual([3]);
    expect(fn.pending).toBe(false);
  });

  it('flush runs the pending call at once and cancel drops it', () => {
    const seen: string[] = [];
    const fn = debounce((s: string) => seen.push(s), 100);
    fn('a');
    fn.flush();
    expect(seen).toEqual(['a']);
    fn.flush();
    expect(seen).toEqual(['a']);
    fn('b');
    fn.cancel();
    vi.advanceTimersByTime(500);
    expect(seen).toEqual(['a']);
  });

  it('rejects a negative wait', () => {
    expect(() => debounce(() => {}, -1)).toThrow(/0 ms or more/);
  });
});
