import { describe, expect, it } from 'vitest';
import { findFailureModes } from './failure-modes.js';

describe('findFailureModes', () => {
  it('groups confusions, most frequent first, with the most confident examples', () => {
    const images = new Uint8Array(5 * 784);
    images.fill(255, 3 * 784, 4 * 784); // image 3 is all ink
    const modes = findFailureModes(
      [
        { index: 0, truth: 4, predicted: 9, confidence: 0.6 },
        { index: 1, truth: 7, predicted: 1, confidence: 0.9 },
        { index: 3, truth: 4, predicted: 9, confidence: 0.8 },
        { index: 4, truth: 4, predicted: 9, confidence: 0.5 },
      ],
      images,
      { modes: 5, examples: 2 },
    );
    expect(modes.map((m) => [m.truth, m.predicted, m.count])).toEqual([
      [4, 9, 3],
      [7, 1, 1],
    ]);
    expect(modes[0]!.examples.map((e) => e.index)).toEqual([3, 0]);
    expect(modes[0]!.examples[0]!.ascii.split('\n')[0]).toBe('@'.repeat(14));
  });

  it('returns nothing for a perfect model', () => {
    expect(findFailureModes([], new Uint8Array(0))).toEqual([]);
  });
});
