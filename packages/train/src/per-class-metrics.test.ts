import { describe, expect, it } from 'vitest';
import { perClassMetrics } from './per-class-metrics.js';

describe('perClassMetrics', () => {
  it('derives precision from columns and recall from rows of a [true][pred] matrix', () => {
    // true 0: 3 right, 1 taken for 1; true 1: 2 right, 2 taken for 0
    const metrics = perClassMetrics(
      [
        [3, 1],
        [2, 2],
      ],
      ['cat', 'dog'],
    );
    expect(metrics[0]).toEqual({ label: 0, className: 'cat', precision: 3 / 5, recall: 3 / 4, f1: (2 * (3 / 5) * (3 / 4)) / (3 / 5 + 3 / 4), support: 4 });
    expect(metrics[1]).toEqual({ label: 1, className: 'dog', precision: 2 / 3, recall: 2 / 4, f1: (2 * (2 / 3) * (2 / 4)) / (2 / 3 + 2 / 4), support: 4 });
  });

  it('reports zeros rather than NaN for classes never seen nor predicted', () => {
    const [first, second] = perClassMetrics([
      [5, 0],
      [0, 0],
    ]);
    expect(first).toMatchObject({ precision: 1, recall: 1, f1: 1, support: 5 });
    expect(second).toEqual({ label: 1, className: '1', precision: 0, recall: 0, f1: 0, support: 0 });
  });
});
