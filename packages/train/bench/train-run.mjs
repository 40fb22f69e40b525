// One full training run in its own process, so that its peak resident memory can be measured.
// Used by train.bench.mjs:  node bench/train-run.mjs '{"preset":"fast","seed":1}'
// Prints one JSON line: test accuracy, training seconds, images/s, peak RSS, load average.
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';

/** @type {typeof import('@mnist/train')} */
const { train } = await import(new URL('../dist/index.js', import.meta.url).href);
const options = JSON.parse(process.argv[2] ?? '{}');
const BYTES_PER_KIB = 1024;
const BYTES_PER_MIB = 1024 * 1024;

let images = 0;
let workers = 1;
let backend = '';
const loadAtStart = loadavg()[0];
const wallStart = performance.now();
const result = await train({
  ...options,
  onLog: (event) => {
    if (event.type === 'start') {
      workers = event.workers;
      backend = event.backend.name;
    }
  },
  onBatchEnd: (info) => {
    images += info.size;
  },
  onEpochEnd: (info) => {
    process.stderr.write(`  epoch ${info.epoch}/${info.epochs}: loss ${info.loss.toFixed(4)}, acc ${info.acc.toFixed(4)}, ${info.seconds.toFixed(1)} s\n`);
  },
});
const totalSeconds = (performance.now() - wallStart) / 1000;
console.log(
  JSON.stringify({
    preset: result.options.preset,
    model: result.options.model,
    dataset: result.options.dataset,
    epochs: result.epochs,
    seed: result.options.seed,
    backend,
    workers,
    testAccuracy: result.test?.accuracy ?? null,
    trainSeconds: result.trainSeconds,
    totalSeconds,
    imagesPerSecond: images / result.trainSeconds,
    parameters: result.model.countParams(),
    peakRssMB: (process.resourceUsage().maxRSS * BYTES_PER_KIB) / BYTES_PER_MIB,
    loadAverageAtStart: loadAtStart,
    loadAverageAtEnd: loadavg()[0],
  }),
);
result.model.dispose();
process.exit(0);
