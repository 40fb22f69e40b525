import { InvalidOptionError } from './errors';
import { pixelsPerImage, type Split } from './split';

/**
 * A smaller split. With a number, the first `limit` examples as views (no copy).
 * With indices, a copy holding those examples in that order.
 */
export function subset(split: Split, indicesOrLimit: ArrayLike<number> | number): Split {
  const pixels = pixelsPerImage(split);
  if (typeof indicesOrLimit === 'number') {
    const limit = indicesOrLimit;
    if (!Number.isInteger(limit) || limit < 0) throw new InvalidOptionError('subset limit', 'a non-negative integer', limit);
    const count = Math.min(limit, split.count);
    return { images: split.images.subarray(0, count * pixels), labels: split.labels.subarray(0, count), count };
  }
  const indices = indicesOrLimit;
  const count = indices.length;
  const images = new Uint8Array(count * pixels);
  const labels = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    const index = indices[i]!;
    if (!Number.isInteger(index) || index < 0 || index >= split.count) {
      throw new InvalidOptionError(`subset index ${i}`, `an integer in 0..${split.count - 1}`, index);
    }
    images.set(split.images.subarray(index * pixels, (index + 1) * pixels), i * pixels);
    labels[i] = split.labels[index]!;
  }
  return { images, labels, count };
}
