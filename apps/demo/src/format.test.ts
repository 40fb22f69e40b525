import { describe, expect, it } from 'vitest';
import { formatBytes, formatCount, formatMilliseconds, formatPercent, median } from './format';

describe('format helpers', () => {
  it('formats percentages, byte sizes, counts and times, with a dash for unknowns', () => {
    expect(formatPercent(0.99312)).toBe('99.3%');
    expect(formatPercent(0.99312, 2)).toBe('99.31%');
    expect(formatPercent(Number.NaN)).toBe('—');
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(180_224)).toBe('176.0 KB');
    expect(formatBytes(3 * 1024 * 1024)).toBe('3.00 MB');
    expect(formatBytes(-1)).toBe('—');
    expect(formatCount(1234567)).toBe('1,234,567');
    expect(formatMilliseconds(0.456)).toBe('0.46 ms');
    expect(formatMilliseconds(12.34)).toBe('12.3 ms');
    expect(formatMilliseconds(456.7)).toBe('457 ms');
    expect(formatMilliseconds(Number.NaN)).toBe('—');
  });

  it('takes the median of odd and even lists', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });
});
