import { describe, expect, it } from 'vitest';
import { accuracyReport } from './class-accuracy';

describe('accuracyReport', () => {
  it('scores overall and per class, listing the misclassified positions', () => {
    const labels = [0, 1, 1, 2, 2, 2];
    const report = accuracyReport(labels, [0, 1, 7, 2, null, 2]);
    expect(report.evaluated).toBe(6);
    expect(report.correct).toBe(4);
    expect(report.accuracy).toBeCloseTo(4 / 6, 9);
    expect(report.misclassified).toEqual([2, 4]);
    expect(report.perClass[1]).toEqual({ digit: 1, correct: 1, total: 2, accuracy: 0.5 });
    expect(report.perClass[2]!.accuracy).toBeCloseTo(2 / 3, 9);
    expect(report.perClass[5]!.total).toBe(0);
    expect(report.perClass[5]!.accuracy).toBeNaN();
  });

  it('skips positions not predicted yet', () => {
    const report = accuracyReport([3, 4, 5], [3, undefined, undefined]);
    expect(report.evaluated).toBe(1);
    expect(report.accuracy).toBe(1);
    expect(accuracyReport([3], [undefined]).accuracy).toBeNaN();
  });

  it('rejects mismatched lengths and labels outside 0..9', () => {
    expect(() => accuracyReport([1, 2], [1])).toThrow(/one prediction slot per label \(2\), found 1/);
    expect(() => accuracyReport([10], [1])).toThrow(/labels 0 to 9, found 10/);
  });
});
