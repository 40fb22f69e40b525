import { describe, expect, it } from 'vitest';
import { renderProgressBar } from './progress-bar.js';

describe('renderProgressBar', () => {
  it('fills proportionally and keeps a constant width', () => {
    expect(renderProgressBar(0, 10)).toBe('[>         ]');
    expect(renderProgressBar(0.5, 10)).toBe('[=====>    ]');
    expect(renderProgressBar(1, 10)).toBe('[==========]');
    for (const f of [0, 0.13, 0.5, 0.99, 1]) expect(renderProgressBar(f, 20)).toHaveLength(22);
  });
  it('clamps out-of-range and NaN fractions', () => {
    expect(renderProgressBar(2, 4)).toBe('[====]');
    expect(renderProgressBar(-1, 4)).toBe('[>   ]');
    expect(renderProgressBar(Number.NaN, 4)).toBe('[>   ]');
  });
});
