// Benchmark: augmenting all 60,000 MNIST training images on one core (the main thread).
// Target: under 3 s (a small share of a ~60 s epoch) for the affine transform and for the best and robust presets. Run after a build: `pnpm --filter @mnist/data bench`.
// Prints a table and one JSON line.
import { performance } from 'node:perf_hooks';
import { augment, createRng, loadMnist } from '@mnist/data/node';

const TARGET_SECONDS = 3;
const REPEATS = 3;

const data = await loadMnist();
const { images, count } = data.train;
const out = new Uint8Array(images.length);

const cases = [
  { name: 'affine (rot 15°, scale 0.1, shift 2px)', options: { rotation: 15, scale: 0.1, translation: 2 }, target: TARGET_SECONDS },
  { name: 'best preset (affine + stroke width)', options: { rotation: 10, scale: 0.1, translation: 2, stroke: { thin: 0.5, thicken: 1.5 } }, target: TARGET_SECONDS },
  {
    name: 'robust preset (+ shear, aspect, capture effects)',
    options: { rotation: 20, scale: 0.12, translation: 2, shear: 25, aspect: 0.2, stroke: { thin: 0.5, thicken: 1.5 }, boxNormalize: 0.12, lowResolution: 0.12, binarize: 0.12, gaps: 0.12, speckle: 0.08 },
    target: TARGET_SECONDS,
  },
  { name: 'every capture effect on every image', options: { shear: 25, aspect: 0.2, boxNormalize: 1, lowResolution: 1, binarize: 1, gaps: 1, speckle: 1 }, target: undefined },
  { name: 'affine + elastic (alpha 34, sigma 4)', options: { rotation: 15, scale: 0.1, translation: 2, elastic: { alpha: 34, sigma: 4 } }, target: undefined },
];

const results = [];
for (const { name, options, target } of cases) {
  const times = [];
  for (let r = 0; r < REPEATS; r++) {
    const start = performance.now();
    augment({ images, count, rows: data.rows, cols: data.cols, transforms: options, rng: createRng(r), out });
    times.push((performance.now() - start) / 1000);
  }
  const best = Math.min(...times);
  results.push({ name, images: count, bestSeconds: best, imagesPerSecond: count / best, targetSeconds: target ?? null, underTarget: target === undefined ? null : best < target });
}

console.log('case'.padEnd(50) + 'images'.padStart(8) + 'ms/60k'.padStart(9) + 'img/s'.padStart(10) + '  target');
for (const r of results) {
  console.log(
    r.name.padEnd(42) +
      String(r.images).padStart(8) +
      r.bestSeconds.toFixed(3).padStart(9) +
      Math.round(r.imagesPerSecond).toString().padStart(10) +
      `  ${r.targetSeconds === null ? '-' : `< ${r.targetSeconds} s: ${r.underTarget ? 'yes' : 'NO'}`}`,
  );
}
console.log(JSON.stringify({ bench: '@mnist/data augment', node: process.version, results }));
