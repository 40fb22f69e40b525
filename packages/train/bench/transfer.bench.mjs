// @ts-nocheck -- a bench script; typed checking of scripts is tracked with issue 15 (this file is new in issue 17).
// What transfer learning buys, measured (`pnpm bench -- --transfer`):
//  1. Keras's mnist_transfer_cnn experiment: a base model trained on digits 0-4, then digits 5-9 with
//     50, 500 and all labelled images per class: head only (features frozen, new head) vs full
//     fine-tuning (nothing frozen, new head) vs the same architecture from scratch. Full fine-tuning
//     and from-scratch take the same optimizer steps on the same network, so they get the same time budget.
//  2. MNIST -> Fashion-MNIST with 100 labels per class, from the model bundled with @mnist/infer.
// Prints a table, then one JSON line (`{"bench":"transfer",...}`).
//
//   node bench/transfer.bench.mjs [--fashion-dir <dir>] [--no-fashion]
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const DIST_ENTRY = new URL('../dist/index.js', import.meta.url);
if (!existsSync(fileURLToPath(DIST_ENTRY))) {
  console.error('Expected packages/train/dist/index.js; run `pnpm --filter @mnist/train build` first.');
  process.exit(1);
}
const { fineTune, train } = await import(DIST_ENTRY.href);
const { createRng, permutation } = await import('@mnist/data');
const { loadMnist } = await import('@mnist/data/node');

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : fallback;
};
const FASHION_DIR = option('fashion-dir', '/usr/share/datasets/fashion-mnist');
const SEED = 1;
const PIXELS = 784;
const BACKEND = 'wasm';

/** Images of `split` whose label is in `classes`, relabelled 0..k-1, at most `perClass` of each (seeded). */
function pick(split, classes, perClass = Number.POSITIVE_INFINITY, seed = SEED) {
  const order = permutation(split.count, createRng(seed));
  const taken = new Array(classes.length).fill(0);
  const chosen = [];
  for (const i of order) {
    const k = classes.indexOf(split.labels[i]);
    if (k < 0 || taken[k] >= perClass) continue;
    taken[k]++;
    chosen.push([i, k]);
  }
  chosen.sort((a, b) => a[0] - b[0]);
  const images = new Uint8Array(chosen.length * PIXELS);
  const labels = new Uint8Array(chosen.length);
  chosen.forEach(([i, k], j) => {
    images.set(split.images.subarray(i * PIXELS, (i + 1) * PIXELS), j * PIXELS);
    labels[j] = k;
  });
  return { images, labels, count: chosen.length };
}

const asArrays = (split, classNames) => ({ images: split.images, labels: split.labels, classNames });
/** Epochs so that every run takes about the same number of steps (at least `min`). */
const epochsFor = (count, batchSize, steps, min) => Math.max(min, Math.ceil(steps / Math.max(1, Math.floor(count / batchSize))));

const rows = [];
const result = { bench: 'transfer', backend: BACKEND, seed: SEED, node: process.version, digits: [], fashion: null };
const work = mkdtempSync(join(tmpdir(), 'mnist-transfer-bench-'));
try {
  const mnist = await loadMnist({ dataset: 'mnist' });
  const low = ['0', '1', '2', '3', '4'];
  const high = ['5', '6', '7', '8', '9'];
  const highTest = pick(mnist.test, [5, 6, 7, 8, 9]);

  // The base: the fast preset's cnn-fast, trained on digits 0-4 only.
  const baseDir = join(work, 'base-0-4');
  console.error('Training the base model on digits 0-4 (fast preset)...');
  const base = await train({
    preset: 'fast',
    seed: SEED,
    backend: BACKEND,
    data: { ...mnist, train: pick(mnist.train, [0, 1, 2, 3, 4]), test: pick(mnist.test, [0, 1, 2, 3, 4]), classNames: low },
    outDir: baseDir,
  });
  base.model.dispose();
  result.base = { testAccuracy: base.test.accuracy, trainSeconds: base.trainSeconds };
  console.error(`  base: ${(100 * base.test.accuracy).toFixed(2)}% on digits 0-4 in ${base.trainSeconds.toFixed(1)} s`);

  for (const perClass of [50, 500, 'all']) {
    const split = pick(mnist.train, [5, 6, 7, 8, 9], perClass === 'all' ? Number.POSITIVE_INFINITY : perClass, SEED + 1);
    const batchSize = perClass === 50 ? 16 : perClass === 500 ? 32 : 128;
    const epochs = epochsFor(split.count, batchSize, 600, 2);
    const common = { from: baseDir, data: asArrays(split, high), testData: asArrays(highTest, high), newHead: true, backend: BACKEND, seed: SEED, batchSize, epochs };
    const runs = {};
    console.error(`digits 5-9, ${perClass} per class (${split.count} images), ${epochs} epochs of batch ${batchSize}`);
    const head = await fineTune({ ...common, freeze: 'features', learningRate: 0.01 });
    runs.headOnly = { testAccuracy: head.test.accuracy, trainSeconds: head.trainSeconds };
    head.model.dispose();
    const full = await fineTune({ ...common, freeze: 'none', learningRate: 0.001 });
    runs.fullFineTune = { testAccuracy: full.test.accuracy, trainSeconds: full.trainSeconds };
    full.model.dispose();
    const scratch = await train({
      preset: 'fast',
      model: 'cnn-fast',
      seed: SEED,
      backend: BACKEND,
      data: { ...mnist, train: split, test: highTest, classNames: high },
      epochs,
      batchSize,
    });
    runs.fromScratch = { testAccuracy: scratch.test.accuracy, trainSeconds: scratch.trainSeconds };
    scratch.model.dispose();
    result.digits.push({ perClass, images: split.count, epochs, batchSize, ...runs });
    for (const [name, label] of [['headOnly', 'head only (features frozen)'], ['fullFineTune', 'full fine-tune'], ['fromScratch', 'from scratch']]) {
      rows.push([`0-4 -> 5-9, ${perClass}/class`, label, `${(100 * runs[name].testAccuracy).toFixed(2)}%`, `${runs[name].trainSeconds.toFixed(1)} s`]);
    }
  }

  const fashionFiles = ['train-images-idx3-ubyte', 'train-labels-idx1-ubyte', 't10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte'];
  const fashionThere = fashionFiles.every((name) => [name, `${name}.gz`].some((file) => existsSync(join(FASHION_DIR, file))));
  if (!args.includes('--no-fashion') && fashionThere) {
    const fashion = await loadMnist({ dataset: 'fashion-mnist', source: 'directory', dir: FASHION_DIR });
    const classes = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
    const split = pick(fashion.train, classes, 100, SEED + 2);
    const names = fashion.classNames;
    const batchSize = 32;
    const epochs = epochsFor(split.count, batchSize, 600, 2);
    console.error(`MNIST -> Fashion-MNIST, 100 per class (${split.count} images), ${epochs} epochs, from the bundled model`);
    const common = { from: 'bundled', data: asArrays(split, names), testData: asArrays(fashion.test, names), newHead: true, backend: BACKEND, seed: SEED, batchSize, epochs };
    const head = await fineTune({ ...common, freeze: 'features', learningRate: 0.01 });
    const full = await fineTune({ ...common, freeze: 'none', learningRate: 0.001 });
    const scratch = await train({ preset: 'fast', model: 'cnn-bn', seed: SEED, backend: BACKEND, data: { ...fashion, train: split }, epochs, batchSize, learningRate: 0.001, schedule: 'constant' });
    result.fashion = {
      perClass: 100,
      images: split.count,
      epochs,
      headOnly: { testAccuracy: head.test.accuracy, trainSeconds: head.trainSeconds },
      fullFineTune: { testAccuracy: full.test.accuracy, trainSeconds: full.trainSeconds },
      fromScratch: { testAccuracy: scratch.test.accuracy, trainSeconds: scratch.trainSeconds },
    };
    for (const model of [head, full, scratch]) model.model.dispose();
    for (const [name, label] of [['headOnly', 'head only (features frozen)'], ['fullFineTune', 'full fine-tune'], ['fromScratch', 'from scratch (cnn-bn)']]) {
      rows.push(['MNIST -> Fashion, 100/class', label, `${(100 * result.fashion[name].testAccuracy).toFixed(2)}%`, `${result.fashion[name].trainSeconds.toFixed(1)} s`]);
    }
  } else {
    result.fashion = { skipped: fashionThere ? '--no-fashion' : `no Fashion-MNIST files in ${FASHION_DIR}` };
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

const header = ['experiment', 'method', 'test accuracy', 'train time'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
const line = (cells) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
console.log(line(header));
console.log(`| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`);
for (const row of rows) console.log(line(row));
console.log(JSON.stringify(result));
