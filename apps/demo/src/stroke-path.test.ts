import { describe, expect, it } from 'vitest';
import { addPoint, MIN_POINT_DISTANCE_PX, type Point, smoothPath } from './stroke-path';

describe('addPoint', () => {
  it('drops points closer than the minimum distance to the last one', () => {
    const stroke: Point[] = [];
    expect(addPoint(stroke, { x: 10, y: 10 })).toBe(true);
    expect(addPoint(stroke, { x: 10 + MIN_POINT_DISTANCE_PX / 2, y: 10 })).toBe(false);
    expect(addPoint(stroke, { x: 10 + MIN_POINT_DISTANCE_PX * 2, y: 10 })).toBe(true);
    expect(stroke).toHaveLength(2);
  });
});

describe('smoothPath', () => {
  it('is empty for no points and a dot for one', () => {
    expect(smoothPath([])).toEqual([]);
    expect(smoothPath([{ x: 3, y: 4 }])).toEqual([{ kind: 'dot', x: 3, y: 4 }]);
  });

  it('is a straight line for two points', () => {
    expect(smoothPath([{ x: 0, y: 0 }, { x: 5, y: 5 }])).toEqual([
      { kind: 'move', x: 0, y: 0 },
      { kind: 'line', x: 5, y: 5 },
    ]);
  });

  it('curves through midpoints and keeps both ends of the stroke', () => {
    const stroke = [
      { x: 0, y: 0 },
      { x: 10, y: 0 },
      { x: 10, y: 10 },
      { x: 0, y: 10 },
    ];
    const path = smoothPath(stroke);
    expect(path[0]).toEqual({ kind: 'move', x: 0, y: 0 });
    expect(path[1]).toEqual({ kind: 'quad', cx: 10, cy: 0, x: 10, y: 5 });
    expect(path[2]).toEqual({ kind: 'quad', cx: 10, cy: 10, x: 5, y: 10 });
    expect(path.at(-1)).toEqual({ kind: 'line', x: 0, y: 10 });
    expect(path).toHaveLength(stroke.length);
  });
});
