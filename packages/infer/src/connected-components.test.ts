import { describe, expect, it } from 'vitest';
import { connectedComponents } from './connected-components.js';

describe('connectedComponents', () => {
  it('labels 8-connected blobs and merges U shapes joined late', () => {
    // U shape (joined on the last row) and a separate dot.
    const rows = ['1.1..', '1.1.1', '111..'];
    const ink = Float32Array.from(rows.join(''), (c) => (c === '1' ? 1 : 0));
    const { labels, components } = connectedComponents(ink, 5, 3, 0.5);
    expect(components).toHaveLength(2);
    expect(components[0]).toMatchObject({ minX: 0, maxX: 2, minY: 0, maxY: 2, area: 7, mass: 7 });
    expect(components[1]).toMatchObject({ minX: 4, maxX: 4, area: 1 });
    expect(labels[0]).toBe(labels[2]);
  });
});
