import { type AugmentOptions, augment } from './augment';
import { createRng } from './create-rng';
import { IMAGE_COLS, IMAGE_ROWS, MAX_PIXEL_VALUE } from './datasets';
import { InvalidOptionError } from './errors';
import { permutation } from './permutation';
import type { Split } from './split';

export interface Batch {
  /** size*rows*cols floats in [0, 1]. */
  images: Float32Array;
  labels: Uint8Array;
  size: number;
  /** Which examples of the split are in this batch, in order. */
  indices: Uint32Array;
}

export interface BatchesOptions {
  batchSize: number;
  rows?: number;
  cols?: number;
  /** Visit examples in a seeded random order (default false). */
  shuffle?: boolean;
  /** Seed for shuffling and augmentation (default 0). Use a different seed per epoch. */
  seed?: number;
  augment?: AugmentOptions | false;
  /** Skip the last batch when it is smaller than batchSize (default false). */
  dropLast?: boolean;
}

/**
 * Iterates over one epoch of a split in batches. Each batch is gathered into fresh arrays
 * (only batchSize examples at a time: the split itself is never copied), optionally
 * augmented, and normalised to [0, 1].
 */
export function* batches(split: Split, options: BatchesOptions): Generator<Batch> {
  const { batchSize } = options;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new InvalidOptionError('batchSize', 'a positive integer', batchSize);
  const rows = options.rows ?? IMAGE_ROWS;
  const cols = options.cols ?? IMAGE_COLS;
  const pixels = rows * cols;
  if (split.images.length !== split.count * pixels) {
    throw new InvalidOptionError('batches rows/cols', `${split.images.length / Math.max(1, split.count)} pixels per image`, `${rows}x${cols}`);
  }
  const rng = createRng(options.seed ?? 0);
  const order = options.shuffle ? permutation(split.count, rng) : undefined;
  const augmentOptions = options.augment || undefined;
  const gathered = new Uint8Array(batchSize * pixels);
  const augmented = augmentOptions ? new Uint8Array(batchSize * pixels) : undefined;

  for (let start = 0; start < split.count; start += batchSize) {
    const size = Math.min(batchSize, split.count - start);
    if (size < batchSize && options.dropLast) return;
    const indices = new Uint32Array(size);
    const labels = new Uint8Array(size);
    for (let i = 0; i < size; i++) {
      const index = order ? order[start + i]! : start + i;
      indices[i] = index;
      labels[i] = split.labels[index]!;
      gathered.set(split.images.subarray(index * pixels, (index + 1) * pixels), i * pixels);
    }
    const source = augmentOptions && augmented ? augment({ images: gathered, count: size, rows, cols, transforms: augmentOptions, rng, out: augmented }) : gathered;
    const images = new Float32Array(size * pixels);
    for (let i = 0; i < images.length; i++) images[i] = source[i]! / MAX_PIXEL_VALUE;
    yield { images, labels, size, indices };
  }
}
