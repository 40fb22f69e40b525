import { describe, expect, it } from 'vitest';
import { DIGIT_STROKES, placeStrokes } from './digit-strokes';

describe('the test digits', () => {
  it('are dense pen paths inside the unit square', () => {
    for (const [digit, strokes] of Object.entries(DIGIT_STROKES)) {
      for (const stroke of strokes) {
        expect(stroke.length, `digit ${digit}`).toBeGreaterThan(30);
        for (let i = 1; i < stroke.length; i += 1) {
          const [x0, y0] = stroke[i - 1]!;
          const [x1, y1] = stroke[i]!;
          // No jumps: consecutive points are at most 2% of the pad apart.
          expect(Math.hypot(x1 - x0, y1 - y0)).toBeLessThan(0.02);
          expect(x1).toBeGreaterThanOrEqual(0);
          expect(x1).toBeLessThanOrEqual(1);
          expect(y1).toBeGreaterThanOrEqual(0);
          expect(y1).toBeLessThanOrEqual(1);
        }
      }
    }
  });

  it('are placed into a page box by scaling and shifting', () => {
    const [stroke] = placeStrokes([[[0, 0], [1, 0.5]]], { x: 10, y: 20, width: 200, height: 100 });
    expect(stroke).toEqual([
      { x: 10, y: 20 },
      { x: 210, y: 70 },
    ]);
  });
});
