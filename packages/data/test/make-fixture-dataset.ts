import { createHash } from 'node:crypto';
import { createTestRng, writeIdx } from '@mnist/test-utils';
import { DATASETS, type DatasetInfo, datasetFileNames } from '../src/datasets';

export interface FixtureDataset {
  /** Decompressed IDX bytes by file name. */
  files: Record<string, Uint8Array>;
  /** A dataset description whose checksums and sizes match `files`. */
  info: DatasetInfo;
}

/** A tiny MNIST-format dataset generated from a seed: random images, labels cycling 0..9. */
export function makeFixtureDataset(options: { train?: number; test?: number; rows?: number; cols?: number; seed?: number } = {}): FixtureDataset {
  const train = options.train ?? 20;
  const test = options.test ?? 10;
  const rows = options.rows ?? 28;
  const cols = options.cols ?? 28;
  const rng = createTestRng(options.seed ?? 1);
  const base = DATASETS.mnist;
  const make = (count: number) => {
    const images = new Uint8Array(count * rows * cols);
    for (let i = 0; i < images.length; i++) images[i] = Math.floor(rng() * 256);
    const labels = Uint8Array.from({ length: count }, (_, i) => (i * 7 + 3) % 10);
    return { images: writeIdx(images, [count, rows, cols]), labels: writeIdx(labels, [count]) };
  };
  const trainFiles = make(train);
  const testFiles = make(test);
  const files: Record<string, Uint8Array> = {
    [base.files.trainImages]: trainFiles.images,
    [base.files.trainLabels]: trainFiles.labels,
    [base.files.testImages]: testFiles.images,
    [base.files.testLabels]: testFiles.labels,
  };
  const sha256: Record<string, string> = {};
  const bytes: Record<string, number> = {};
  for (const name of datasetFileNames(base)) {
    sha256[name] = createHash('sha256').update(files[name]!).digest('hex');
    bytes[name] = files[name]!.length;
  }
  const histogram = (count: number) => {
    const h = new Array<number>(10).fill(0);
    for (let i = 0; i < count; i++) h[(i * 7 + 3) % 10]!++;
    return h;
  };
  return {
    files,
    info: {
      ...base,
      files: { ...base.files },
      sha256,
      bytes,
      rows,
      cols,
      counts: { train, test },
      classCounts: { train: histogram(train), test: histogram(test) },
      mirrors: [],
    },
  };
}
