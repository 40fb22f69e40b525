import { describe, expect, it } from 'vitest';
import { createLearningRateSchedule } from './learning-rate-schedule.js';

describe('createLearningRateSchedule', () => {
  it('constant returns the base rate at every step', () => {
    const s = createLearningRateSchedule('constant', { learningRate: 0.01, totalSteps: 100 });
    expect([0, 50, 99].map(s)).toEqual([0.01, 0.01, 0.01]);
  });

  it('cosine decays monotonically from the base rate to 0', () => {
    const s = createLearningRateSchedule('cosine', { learningRate: 0.1, totalSteps: 11 });
    expect(s(0)).toBeCloseTo(0.1, 12);
    expect(s(5)).toBeCloseTo(0.05, 12);
    expect(s(10)).toBeCloseTo(0, 12);
    for (let i = 1; i < 11; i++) expect(s(i)).toBeLessThan(s(i - 1));
  });

  it('one-cycle rises to the peak after 25% of the steps, then anneals far below the start', () => {
    const s = createLearningRateSchedule('one-cycle', { learningRate: 0.004, totalSteps: 100 });
    expect(s(0)).toBeCloseTo(0.004 / 25, 12);
    expect(s(25)).toBeCloseTo(0.004, 12);
    for (let i = 1; i <= 25; i++) expect(s(i)).toBeGreaterThan(s(i - 1));
    for (let i = 26; i < 100; i++) expect(s(i)).toBeLessThan(s(i - 1));
    expect(s(99)).toBeCloseTo(0.004 / 25 / 1e4, 12);
  });

  it('handles a single-step run without NaN', () => {
    for (const name of ['constant', 'cosine', 'one-cycle'] as const) {
      const s = createLearningRateSchedule(name, { learningRate: 0.01, totalSteps: 1 });
      expect(Number.isFinite(s(0))).toBe(true);
    }
  });
});
