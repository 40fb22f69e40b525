import { describe, expect, it } from 'vitest';
import { batches } from './batches';
import { InvalidOptionError } from './errors';
import type { Split } from './split';

const rows = 2;
const cols = 2;
const count = 10;
// Image i has all four pixels equal to 10 * i; label i % 10.
const split: Split = {
  images: Uint8Array.from({ length: count * rows * cols }, (_, p) => 10 * Math.floor(p / (rows * cols))),
  labels: Uint8Array.from({ length: count }, (_, i) => i % 10),
  count,
};

describe('batches', () => {
  it('walks the split in order, normalised, with a short last batch', () => {
    const all = [...batches(split, { batchSize: 4, rows, cols })];
    expect(all.map((b) => b.size)).toEqual([4, 4, 2]);
    expect(Array.from(all[2]!.indices)).toEqual([8, 9]);
    expect(Array.from(all[1]!.labels)).toEqual([4, 5, 6, 7]);
    expect(all[1]!.images[0]).toBeCloseTo(40 / 255, 6);
    expect(all[1]!.images.length).toBe(4 * rows * cols);
    expect(all[0]!.images.buffer).not.toBe(all[1]!.images.buffer);
  });

  it('drops the last short batch when asked', () => {
    expect([...batches(split, { batchSize: 4, rows, cols, dropLast: true })].map((b) => b.size)).toEqual([4, 4]);
  });

  it('shuffles deterministically, visiting every example once with its label and image', () => {
    const order = (seed: number) => [...batches(split, { batchSize: 3, rows, cols, shuffle: true, seed })].flatMap((b) => Array.from(b.indices));
    const a = order(1);
    expect([...a].sort((x, y) => x - y)).toEqual(Array.from({ length: count }, (_, i) => i));
    expect(order(1)).toEqual(a);
    expect(order(2)).not.toEqual(a);
    for (const batch of batches(split, { batchSize: 3, rows, cols, shuffle: true, seed: 1 })) {
      for (let i = 0; i < batch.size; i++) {
        const index = batch.indices[i]!;
        expect(batch.labels[i]).toBe(index % 10);
        expect(batch.images[i * rows * cols]).toBeCloseTo((10 * index) / 255, 6);
      }
    }
  });

  it('augments batches reproducibly without touching the split', () => {
    const big: Split = { images: Uint8Array.from({ length: 4 * 784 }, (_, i) => (i * 13) % 256), labels: new Uint8Array(4), count: 4 };
    const before = big.images.slice();
    const options = { batchSize: 4, augment: { rotation: 20, translation: 2 }, seed: 3 };
    const [a] = [...batches(big, options)];
    const [b] = [...batches(big, options)];
    const [plain] = [...batches(big, { batchSize: 4 })];
    expect(a!.images).toEqual(b!.images);
    expect(a!.images).not.toEqual(plain!.images);
    expect(big.images).toEqual(before);
  });

  it('rejects a bad batch size or image size', () => {
    expect(() => [...batches(split, { batchSize: 0, rows, cols })]).toThrow(InvalidOptionError);
    expect(() => [...batches(split, { batchSize: 2 })]).toThrow(/batches rows\/cols: expected 4 pixels per image, found 28x28/);
  });
});
