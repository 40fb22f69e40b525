// Benchmark of the wasm training backend: training throughput per model and timings of the
// gradient kernels this package registers, against the wasm backend's own kernels.
//
//   pnpm --filter @mnist/train bench            (builds, then runs this file)
//   node bench/kernels.bench.mjs --quick        (fewer steps)
//
// Prints a table, then one JSON line (prefixed by nothing, starting with `{"bench":`).
import { existsSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';

const DIST_ENTRY = new URL('../dist/backend.js', import.meta.url);
if (!existsSync(fileURLToPath(DIST_ENTRY))) {
  console.error('Expected packages/train/dist/backend.js; run `pnpm --filter @mnist/train build` first.');
  process.exit(1);
}
const { selectBackend, WASM_GRADIENT_KERNEL_NAMES, DataParallelTrainer, defaultWorkerCount } = await import(DIST_ENTRY.href);
const { createModel } = await import('@mnist/models');

const QUICK = process.argv.includes('--quick');
/** Images per training step, as in the reference numbers. */
const BATCH_SIZE = 128;
/** Steps run before timing (operator creation, heap growth). */
const WARM_UP_STEPS = 2;
/**
 * Wall-clock of training steps run before a throughput is timed: wasm code tiers up and the
 * heaps grow during the first dozen steps, which are slower than the rest of a run.
 */
const WARM_UP_MS = QUICK ? 500 : 2_000;
/** Minimum timed wall-clock per measurement, in milliseconds. */
const MIN_MEASURE_MS = QUICK ? 1_000 : 4_000;
const MIN_MEASURE_STEPS = QUICK ? 2 : 5;
/**
 * Data-parallel throughput is timed in this many consecutive windows of MIN_MEASURE_MS / 2
 * each; the median window is reported, and every window is kept in the JSON.
 */
const PARALLEL_WINDOWS = 3;
/** @type {import('@mnist/models').ModelName[]} */
const MODELS = ['cnn-fast', 'cnn-small', 'mlp', 'cnn', 'cnn-bn'];
/** Models also measured with data-parallel worker threads. */
/** @type {import('@mnist/models').ModelName[]} */
const PARALLEL_MODELS = ['cnn-fast', 'cnn-small', 'cnn-bn'];
const IMAGE_ROWS = 28;
const IMAGE_COLS = 28;
const CLASSES = 10;

/**
 * Deterministic pseudo-random floats in [0, 1).
 * @param {number} size
 * @param {number} seed
 */
function values(size, seed) {
  const out = new Float32Array(size);
  let state = seed >>> 0 || 1;
  for (let i = 0; i < size; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    out[i] = state / 2 ** 32;
  }
  return out;
}

/**
 * Runs `fn` until both MIN_MEASURE_MS and MIN_MEASURE_STEPS are reached; returns mean ms per call.
 * @param {() => void} fn
 */
function timeIt(fn, warmUp = WARM_UP_STEPS, warmUpMs = 0) {
  const warmUpStart = performance.now();
  for (let i = 0; i < warmUp || performance.now() - warmUpStart < warmUpMs; i++) fn();
  let calls = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < MIN_MEASURE_MS || calls < MIN_MEASURE_STEPS) {
    fn();
    calls++;
    elapsed = performance.now() - start;
  }
  return elapsed / calls;
}

/** @param {import('@mnist/models').ModelName} modelName */
function trainingImagesPerSecond(modelName) {
  const model = createModel(modelName, { seed: 1 });
  const optimizer = tf.train.adam(1e-3);
  const xs = tf.tensor4d(values(BATCH_SIZE * IMAGE_ROWS * IMAGE_COLS, 1), [BATCH_SIZE, IMAGE_ROWS, IMAGE_COLS, 1]);
  const labels = tf.oneHot(tf.tensor1d(Array.from({ length: BATCH_SIZE }, (_, i) => i % CLASSES), 'int32'), CLASSES);
  const step = () => {
    const loss = optimizer.minimize(
      () => tf.losses.softmaxCrossEntropy(labels, tf.log(tf.add(/** @type {tf.Tensor} */ (model.apply(xs, { training: true })), 1e-7))),
      true,
    );
    loss?.dataSync();
    loss?.dispose();
  };
  const ms = timeIt(step, WARM_UP_STEPS, WARM_UP_MS);
  tf.dispose([xs, labels]);
  optimizer.dispose();
  model.dispose();
  return { msPerStep: ms, imagesPerSecond: (BATCH_SIZE * 1000) / ms };
}

/**
 * Training throughput with `workers` worker threads (DataParallelTrainer, wasm in every worker).
 * @param {import('@mnist/models').ModelName} modelName
 * @param {number} workers
 */
async function parallelImagesPerSecond(modelName, workers) {
  const model = createModel(modelName, { seed: 1 });
  const optimizer = tf.train.adam(1e-3);
  const trainer = await DataParallelTrainer.create(model, { workers, backend: 'wasm' });
  const batch = {
    images: values(BATCH_SIZE * IMAGE_ROWS * IMAGE_COLS, 3),
    labels: Uint8Array.from({ length: BATCH_SIZE }, (_, i) => i % CLASSES),
    size: BATCH_SIZE,
  };
  const options = { rows: IMAGE_ROWS, cols: IMAGE_COLS, numClasses: CLASSES, labelSmoothing: 0.1 };
  const warmUpStart = performance.now();
  for (let i = 0; i < WARM_UP_STEPS || performance.now() - warmUpStart < WARM_UP_MS; i++) {
    await trainer.step(optimizer, batch, options);
  }
  /** @type {number[]} */
  const windows = [];
  for (let w = 0; w < PARALLEL_WINDOWS; w++) {
    let steps = 0;
    const start = performance.now();
    let elapsed = 0;
    while (elapsed < MIN_MEASURE_MS / 2 || steps < MIN_MEASURE_STEPS) {
      await trainer.step(optimizer, batch, options);
      steps++;
      elapsed = performance.now() - start;
    }
    windows.push((BATCH_SIZE * 1000 * steps) / elapsed);
  }
  await trainer.dispose();
  optimizer.dispose();
  model.dispose();
  const imagesPerSecond = /** @type {number} */ ([...windows].sort((a, b) => a - b)[Math.floor(windows.length / 2)]);
  return {
    workers,
    msPerStep: (BATCH_SIZE * 1000) / imagesPerSecond,
    imagesPerSecond,
    windows: windows.map((v) => Math.round(v)),
  };
}

/**
 * A fixed single-thread workload (the forward convolution of cnn-small's second layer on 64
 * images, GFLOP/s, best of 15 calls). It tells how fast this machine ran when the bench did:
 * on shared virtual machines the same code runs up to half as fast at busy times (seen on
 * the 2-core machines this project is measured on: 15-35 GFLOP/s within minutes).
 */
function referenceGflops() {
  return tf.tidy(() => {
    const x = tf.tensor4d(values(64 * 13 * 13 * 32, 11), [64, 13, 13, 32]);
    const w = tf.tensor4d(values(3 * 3 * 32 * 64, 12), [3, 3, 32, 64]);
    const flops = 2 * 64 * 11 * 11 * 64 * 3 * 3 * 32;
    // A second of calls first: V8 compiles wasm with a quick baseline compiler and swaps in
    // optimised code for hot functions a little later.
    const warmUpStart = performance.now();
    const call = () => {
      const y = tf.conv2d(x, w, 1, 'valid');
      y.dataSync();
      y.dispose();
    };
    while (performance.now() - warmUpStart < 1_000) call();
    let best = Number.POSITIVE_INFINITY;
    for (let i = 0; i < 15; i++) {
      const start = performance.now();
      call();
      best = Math.min(best, performance.now() - start);
    }
    return flops / (best * 1e6);
  });
}

/** Kernel calls at the shapes of cnn-small, batch 128. */
const KERNEL_CASES = [
  {
    name: 'Conv2DBackpropFilter conv1 (28x28x1 -> 32)',
    kernel: 'Conv2DBackpropFilter',
    inputs: { x: [BATCH_SIZE, 28, 28, 1], dy: [BATCH_SIZE, 26, 26, 32] },
    attrs: { strides: [1, 1], pad: 'valid', dataFormat: 'NHWC', filterShape: [3, 3, 1, 32] },
  },
  {
    name: 'Conv2DBackpropFilter conv2 (13x13x32 -> 64)',
    kernel: 'Conv2DBackpropFilter',
    inputs: { x: [BATCH_SIZE, 13, 13, 32], dy: [BATCH_SIZE, 11, 11, 64] },
    attrs: { strides: [1, 1], pad: 'valid', dataFormat: 'NHWC', filterShape: [3, 3, 32, 64] },
  },
  {
    name: 'Conv2DBackpropInput conv2',
    kernel: 'Conv2DBackpropInput',
    inputs: { dy: [BATCH_SIZE, 11, 11, 64], filter: [3, 3, 32, 64] },
    attrs: { strides: [1, 1], pad: 'valid', dataFormat: 'NHWC', inputShape: [BATCH_SIZE, 13, 13, 32] },
  },
  {
    name: 'MaxPoolGrad pool1 (26x26x32, 2x2)',
    kernel: 'MaxPoolGrad',
    inputs: { dy: [BATCH_SIZE, 13, 13, 32], input: [BATCH_SIZE, 26, 26, 32] },
    derive: (/** @type {Record<string, tf.Tensor4D>} */ inputs) => ({ output: tf.maxPool(/** @type {tf.Tensor4D} */ (inputs.input), 2, 2, 'valid') }),
    attrs: { filterSize: [2, 2], strides: [2, 2], pad: 'valid' },
  },
  {
    name: 'BatchMatMul dense1 dW (x^T dy)',
    kernel: 'BatchMatMul',
    inputs: { a: [1, BATCH_SIZE, 1600], b: [1, BATCH_SIZE, 64] },
    attrs: { transposeA: true, transposeB: false },
  },
  {
    name: 'BatchMatMul dense1 dx (dy W^T)',
    kernel: 'BatchMatMul',
    inputs: { a: [1, BATCH_SIZE, 64], b: [1, 1600, 64] },
    attrs: { transposeA: false, transposeB: true },
  },
  {
    name: 'Sum conv1 bias gradient',
    kernel: 'Sum',
    inputs: { x: [BATCH_SIZE, 26, 26, 32] },
    attrs: { axis: [0, 1, 2], keepDims: false },
  },
  {
    name: 'Conv2D conv2 forward (reference)',
    kernel: 'Conv2D',
    inputs: { x: [BATCH_SIZE, 13, 13, 32], filter: [3, 3, 32, 64] },
    attrs: { strides: [1, 1], pad: 'valid', dataFormat: 'NHWC', dilations: [1, 1] },
  },
];

/** @param {Map<string, tf.KernelConfig>} originals */
function kernelTimings(originals) {
  const backend = tf.backend();
  return KERNEL_CASES.map((c) => {
    const inputs = Object.fromEntries(
      Object.entries(c.inputs).map(([key, shape], i) => [key, tf.tensor(values(tf.util.sizeFromShape(shape), 7 + i), shape)]),
    );
    Object.assign(inputs, c.derive?.(/** @type {Record<string, tf.Tensor4D>} */ (inputs)));
    const ours = WASM_GRADIENT_KERNEL_NAMES.includes(c.kernel);
    const current = tf.getKernel(c.kernel, 'wasm');
    const call = (/** @type {tf.KernelConfig} */ config) => () => {
      const out = /** @type {tf.TensorInfo} */ (config.kernelFunc({ inputs, backend, attrs: /** @type {tf.NamedAttrMap} */ (/** @type {unknown} */ (c.attrs)) }));
      backend.disposeData(out.dataId);
    };
    const msNow = timeIt(call(current), 1);
    const original = originals.get(c.kernel);
    const msOriginal = ours && original !== undefined ? timeIt(call(original), 1) : undefined;
    tf.dispose(Object.values(inputs));
    return { name: c.name, kernel: c.kernel, ms: msNow, originalMs: msOriginal, replaced: ours, hadOriginal: original !== undefined };
  });
}

async function tensorflowLoads() {
  try {
    await selectBackend('tensorflow');
    return true;
  } catch {
    return false;
  }
}

// The wasm backend's own kernels, captured before this package replaces some of them.
const originals = new Map(tf.getKernelsForBackend('wasm').map((config) => [config.kernelName, config]));

/** @type {Record<string, any>} a JSON report, printed at the end */
const result = {
  bench: 'train-kernels',
  batchSize: BATCH_SIZE,
  cpus: cpus().length,
  node: process.version,
  // Other work on the machine skews every number below; worker scaling needs idle cores.
  loadAverageAtStart: loadavg()[0],
  backends: {},
};
const wasmInfo = await selectBackend('wasm');
result.referenceGflops = { start: referenceGflops() };
result.backends.wasm = { reason: wasmInfo.reason, training: {}, kernels: kernelTimings(originals) };
for (const model of MODELS) result.backends.wasm.training[model] = trainingImagesPerSecond(model);
result.backends.wasm.dataParallel = {};
const workerCounts = [...new Set([1, 2, defaultWorkerCount()])];
for (const model of PARALLEL_MODELS) {
  result.backends.wasm.dataParallel[model] = [];
  for (const workers of workerCounts) result.backends.wasm.dataParallel[model].push(await parallelImagesPerSecond(model, workers));
}
await selectBackend('wasm');
result.referenceGflops.end = referenceGflops();
if (await tensorflowLoads()) {
  result.backends.tensorflow = { training: {} };
  for (const model of MODELS) result.backends.tensorflow.training[model] = trainingImagesPerSecond(model);
} else {
  result.backends.tensorflow = { skipped: '@tensorflow/tfjs-node does not load here' };
}

const pad = (/** @type {unknown} */ text, /** @type {number} */ width) => String(text).padEnd(width);
const num = (/** @type {number | undefined} */ n, digits = 1) => (n === undefined ? '—' : n.toFixed(digits));
console.log(
  `\n${result.cpus} cores, load average ${result.loadAverageAtStart.toFixed(1)} at start (other processes skew these numbers)`,
);
console.log(
  `Machine speed reference: ${num(result.referenceGflops.start)} GFLOP/s at start, ${num(result.referenceGflops.end)} after the wasm runs ` +
    '(one thread, an XNNPACK convolution; lower means the host was busier)',
);
console.log(`\nTraining throughput, batch ${BATCH_SIZE}, one thread per backend`);
console.log(`${pad('backend', 12)}${pad('model', 12)}${pad('ms/step', 10)}images/s`);
for (const [backend, entry] of Object.entries(result.backends)) {
  if (entry.training === undefined) {
    console.log(`${pad(backend, 12)}${entry.skipped}`);
    continue;
  }
  for (const [model, t] of Object.entries(entry.training)) {
    console.log(`${pad(backend, 12)}${pad(model, 12)}${pad(num(t.msPerStep), 10)}${num(t.imagesPerSecond, 0)}`);
  }
}
console.log(`\nData-parallel training on wasm (worker_threads, batch ${BATCH_SIZE} split across workers)`);
console.log(`${pad('model', 12)}${pad('workers', 10)}${pad('ms/step', 10)}${pad('images/s', 10)}windows (median reported)`);
for (const [model, runs] of Object.entries(result.backends.wasm.dataParallel)) {
  for (const r of runs) {
    console.log(
      `${pad(model, 12)}${pad(r.workers, 10)}${pad(num(r.msPerStep), 10)}${pad(num(r.imagesPerSecond, 0), 10)}${r.windows.join(' / ')}`,
    );
  }
}
console.log(`\nwasm kernels at cnn-small shapes (ms per call; "backend" = tfjs-backend-wasm 4.22's own kernel)`);
console.log(`${pad('kernel', 46)}${pad('this package', 14)}${pad('backend', 10)}speed-up`);
for (const k of result.backends.wasm.kernels) {
  const original = k.replaced ? (k.hadOriginal ? num(k.originalMs, 2) : 'missing') : '(same)';
  const speedUp = k.originalMs !== undefined ? `${(k.originalMs / k.ms).toFixed(1)}x` : '';
  console.log(`${pad(k.name, 46)}${pad(num(k.ms, 2), 14)}${pad(original, 10)}${speedUp}`);
}
console.log(JSON.stringify(result));
