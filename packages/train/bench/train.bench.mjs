// End-to-end training benchmark: the `fast` preset on the full MNIST (one run per seed), the `fast`
// preset on Fashion-MNIST (when its files are installed: Debian's `dataset-fashion-mnist`, or
// --fashion-dir <dir>), and with --best the `best` preset (about 10-15 minutes). Each run is its own
// process so its peak resident memory (main thread + worker threads) is measured.
//
//   pnpm --filter @mnist/train bench                  (kernels, then this file)
//   node bench/train.bench.mjs [--seeds 3] [--best] [--best-out <dir>] [--fashion-dir <dir>] [--no-fashion]
//
// Prints a table, then one JSON line (`{"bench":"train-presets",...}`).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';

const DIST_ENTRY = new URL('../dist/index.js', import.meta.url);
if (!existsSync(fileURLToPath(DIST_ENTRY))) {
  console.error('Expected packages/train/dist/index.js; run `pnpm --filter @mnist/train build` first.');
  process.exit(1);
}
const args = process.argv.slice(2);
const option = (/** @type {string} */ name, /** @type {string | number | undefined} */ fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : fallback;
};
const SEEDS = Number(option('seeds', 3));
const RUN_BEST = args.includes('--best');
const BEST_OUT = option('best-out', undefined);
/** Where Debian's dataset-fashion-mnist puts the four files (the default of @mnist/data too). */
const FASHION_DIR = String(option('fashion-dir', '/usr/share/datasets/fashion-mnist'));
const FASHION_FILES = ['train-images-idx3-ubyte', 'train-labels-idx1-ubyte', 't10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte'];
const fashionMissing = FASHION_FILES.filter((name) => ![name, `${name}.gz`].some((file) => existsSync(join(FASHION_DIR, file))));
const RUN_FASHION = !args.includes('--no-fashion') && fashionMissing.length === 0;
/** Issue 4's targets. */
const TARGETS = { fastAccuracy: 0.99, fastSeconds: 60, bestAccuracy: 0.996, bestSeconds: 15 * 60, peakRssMB: 2048 };

/**
 * One training run in its own process (bench/train-run.mjs); resolves with its JSON line.
 * @param {Record<string, unknown>} options
 * @returns {Promise<Record<string, any>>}
 */
function run(options) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [fileURLToPath(new URL('./train-run.mjs', import.meta.url)), JSON.stringify(options)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
    });
    child.on('close', (code) => {
      const line = out.trim().split('\n').pop() ?? '';
      try {
        resolve({ ...JSON.parse(line), exitCode: code });
      } catch {
        resolve({ exitCode: code, error: `no result (exit code ${code})` });
      }
    });
  });
}

const mean = (/** @type {number[]} */ values) => values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);
/** @type {Record<string, any>} a JSON report, printed at the end */
const result = { bench: 'train-presets', cpus: cpus().length, node: process.version, loadAverageAtStart: loadavg()[0], targets: TARGETS };

/** @type {Record<string, any>[]} */
const fastRuns = [];
for (let seed = 1; seed <= SEEDS; seed++) {
  console.error(`fast preset, seed ${seed} (load average ${(loadavg()[0] ?? 0).toFixed(1)})`);
  fastRuns.push(await run({ preset: 'fast', seed }));
}
const ok = fastRuns.filter((r) => r.testAccuracy !== undefined && r.testAccuracy !== null);
result.fast = {
  runs: fastRuns,
  meanTestAccuracy: mean(ok.map((r) => r.testAccuracy)),
  meanTrainSeconds: mean(ok.map((r) => r.trainSeconds)),
  // Time to 99.0 %: the preset's training time when its final test accuracy reaches the target.
  secondsTo99: mean(ok.map((r) => r.trainSeconds)),
  reached99: ok.length > 0 && mean(ok.map((r) => r.testAccuracy)) >= TARGETS.fastAccuracy,
};
if (RUN_FASHION) {
  console.error(`fast preset on Fashion-MNIST from ${FASHION_DIR} (load average ${(loadavg()[0] ?? 0).toFixed(1)})`);
  result.fashion = await run({ preset: 'fast', seed: 1, dataset: 'fashion-mnist', dataDir: FASHION_DIR });
} else {
  result.fashion = {
    skipped: args.includes('--no-fashion')
      ? '--no-fashion'
      : `Fashion-MNIST not found in ${FASHION_DIR} (missing ${fashionMissing.join(', ')}): apt-get install dataset-fashion-mnist, or pass --fashion-dir <dir>`,
  };
}
if (RUN_BEST) {
  console.error(`best preset (load average ${(loadavg()[0] ?? 0).toFixed(1)})`);
  result.best = await run({ preset: 'best', seed: 1, ...(BEST_OUT ? { outDir: BEST_OUT } : {}) });
}
const allRuns = [...fastRuns, ...(result.fashion?.skipped ? [] : [result.fashion]), ...(result.best ? [result.best] : [])];
result.peakRssMB = Math.max(...allRuns.map((r) => r.peakRssMB ?? 0));
result.loadAverageAtEnd = loadavg()[0];

const pad = (/** @type {unknown} */ text, /** @type {number} */ width) => String(text).padEnd(width);
const pct = (/** @type {unknown} */ x) => (typeof x === 'number' ? `${(100 * x).toFixed(2)}%` : '—');
const sec = (/** @type {unknown} */ x) => (typeof x === 'number' ? `${x.toFixed(1)} s` : '—');
console.log(`\n${result.cpus} cores; load average ${result.loadAverageAtStart.toFixed(1)} at start, ${result.loadAverageAtEnd.toFixed(1)} at end`);
console.log(`${pad('run', 21)}${pad('model', 10)}${pad('workers', 9)}${pad('test acc', 10)}${pad('train time', 12)}${pad('images/s', 10)}${pad('peak RSS', 10)}load`);
for (const r of allRuns) {
  console.log(
    `${pad(`${r.preset ?? '?'}${r.dataset === 'fashion-mnist' ? ' fashion' : ''} seed ${r.seed ?? '?'}`, 21)}${pad(r.model ?? '—', 10)}${pad(r.workers ?? '—', 9)}${pad(pct(r.testAccuracy), 10)}` +
      `${pad(sec(r.trainSeconds), 12)}${pad(r.imagesPerSecond?.toFixed(0) ?? '—', 10)}${pad(r.peakRssMB ? `${r.peakRssMB.toFixed(0)} MB` : '—', 10)}` +
      `${r.loadAverageAtStart?.toFixed(1) ?? '—'}→${r.loadAverageAtEnd?.toFixed(1) ?? '—'}`,
  );
}
console.log(
  `fast preset: mean ${pct(result.fast.meanTestAccuracy)} in ${sec(result.fast.meanTrainSeconds)} ` +
    `(target ≥ ${pct(TARGETS.fastAccuracy)} in ≤ ${TARGETS.fastSeconds} s)` +
    (result.fashion.skipped ? `; Fashion-MNIST: skipped (${result.fashion.skipped})` : `; Fashion-MNIST fast preset: ${pct(result.fashion.testAccuracy)}`) +
    (result.best ? `; best preset: ${pct(result.best.testAccuracy)} in ${sec(result.best.trainSeconds)} (target ≥ ${pct(TARGETS.bestAccuracy)} in ≤ ${TARGETS.bestSeconds} s)` : '; best preset: skipped (--best)'),
);
console.log(JSON.stringify(result));
