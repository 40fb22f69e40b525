#!/usr/bin/env node
// Runs the `bench` script of every workspace package that has one, shows
// their output as it comes, and ends with one combined table and one JSON
// line holding every package's results.
// Usage: pnpm bench [-- --only <package>] [-- --best] [-- --transfer] [-- --model <dir>] [-- <flags passed to each bench>]
// --transfer runs only @mnist/train's transfer-learning experiment (bench/transfer.bench.mjs).
// --best adds the long `best` training preset (10-15 minutes) to @mnist/train's bench.
// --model <dir> adds a model directory to the robustness suites (@mnist/cli's bench) beside the shipped model.
// --tune runs @mnist/tune's search bench alone (random vs TPE with ASHA pruning, about 10 minutes).
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const args = process.argv.slice(2);
const tuneIndex = args.indexOf('--tune');
const tune = tuneIndex >= 0 && args.splice(tuneIndex, 1).length > 0;
const onlyIndex = args.indexOf('--only');
const only = onlyIndex >= 0 ? args.splice(onlyIndex, 2)[1] : tune ? '@mnist/tune' : undefined;

// `pnpm bench -- --transfer`: only the transfer-learning experiment of @mnist/train (a few minutes).
if (args.includes('--transfer')) {
  const bench = join(root, 'packages/train/bench/transfer.bench.mjs');
  const child = spawn(process.execPath, [bench, ...args.filter((a) => a !== '--transfer')], { stdio: 'inherit' });
  process.exit(await new Promise((resolve) => child.on('close', (code) => resolve(code ?? 1))));
}

/** @type {{ name: string, dir: string }[]} */
const packages = [];
for (const group of ['packages', 'apps']) {
  for (const name of readdirSync(join(root, group))) {
    const file = join(root, group, name, 'package.json');
    if (!existsSync(file)) continue;
    const pkg = JSON.parse(readFileSync(file, 'utf8'));
    // The search bench is long: it runs only when asked for (--tune, or --only @mnist/tune).
    if (pkg.name === '@mnist/tune' && !only) continue;
    if (pkg.scripts?.bench && (!only || pkg.name === only || name === only)) packages.push({ name: pkg.name, dir: join(root, group, name) });
  }
}

/**
 * @param {{ name: string, dir: string }} pkg
 * @returns {Promise<{ code: number | null, out: string }>}
 */
function run(pkg) {
  return new Promise((resolve) => {
    const child = spawn('pnpm', ['run', '--silent', 'bench', ...(args.length ? ['--', ...args] : [])], { cwd: pkg.dir, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      process.stdout.write(chunk);
    });
    child.on('close', (code) => resolve({ code, out }));
  });
}

/** @type {Record<string, { exitCode: number | null, results: any[] }>} the JSON lines of each package's bench */
const results = {};
let failures = 0;
for (const pkg of packages) {
  console.log(`\n── ${pkg.name} ──`);
  const { code, out } = await run(pkg);
  if (code !== 0) failures += 1;
  const json = out
    .split('\n')
    .map((/** @type {string} */ line) => line.trim())
    .filter((/** @type {string} */ line) => line.startsWith('{') && line.endsWith('}'))
    .flatMap((/** @type {string} */ line) => {
      try {
        return [JSON.parse(line)];
      } catch {
        return [];
      }
    });
  results[pkg.name] = { exitCode: code, results: json };
}

// The headline numbers of issue 4, picked out of the packages' JSON lines.
const all = Object.values(results).flatMap((r) => r.results);
const byBench = (/** @type {string} */ name) => all.find((r) => r.bench === name);
const kernels = byBench('train-kernels');
const presets = byBench('train-presets');
const infer = all.find((r) => typeof r.bench === 'string' && r.bench.startsWith('@mnist/infer'));
/** @type {Record<string, any>} the headline numbers, printed as a table and in the JSON line */
const summary = {
  loadAverage: (await import('node:os')).loadavg()[0],
  // One thread, one XNNPACK convolution, before and after the training-throughput runs: how fast
  // the (shared) machine was while they ran.
  machineSpeedGflops: kernels?.referenceGflops ?? null,
  training: [],
  fast: null,
  fashion: null,
  best: null,
  inference: null,
  peakRssMB: null,
  // Accuracy and calibration error per robustness suite, per model measured (shipped first).
  robustness: all
    .filter((r) => r.bench === 'robustness')
    .map((r) => ({ model: r.model.source, suites: r.suites.map((/** @type {{ name: string, accuracy: number, ece: number }} */ x) => ({ name: x.name, accuracy: x.accuracy, ece: x.ece })) })),
};
for (const [backend, entry] of Object.entries(/** @type {Record<string, any>} */ (kernels?.backends ?? {}))) {
  for (const [model, t] of Object.entries(entry.training ?? {})) summary.training.push({ backend, model, workers: 1, imagesPerSecond: Math.round(t.imagesPerSecond) });
  for (const [model, runs] of Object.entries(entry.dataParallel ?? {})) {
    for (const r of runs) if (r.workers > 1) summary.training.push({ backend, model, workers: r.workers, imagesPerSecond: Math.round(r.imagesPerSecond) });
  }
}
if (presets) {
  summary.fast = {
    seeds: presets.fast.runs.map((/** @type {Record<string, any>} */ r) => ({ seed: r.seed, testAccuracy: r.testAccuracy, trainSeconds: r.trainSeconds })),
    meanTestAccuracy: presets.fast.meanTestAccuracy,
    secondsTo99: presets.fast.reached99 ? presets.fast.secondsTo99 : null,
  };
  summary.fashion = presets.fashion?.skipped
    ? { skipped: presets.fashion.skipped }
    : presets.fashion && { model: presets.fashion.model, testAccuracy: presets.fashion.testAccuracy, trainSeconds: presets.fashion.trainSeconds };
  if (presets.best) summary.best = { testAccuracy: presets.best.testAccuracy, trainSeconds: presets.best.trainSeconds, model: presets.best.model };
  summary.peakRssMB = presets.peakRssMB;
}
if (infer) summary.inference = { backend: infer.backend, batchImagesPerSecond: infer.batchImagesPerSecond, p50Ms: infer.p50Ms, p95Ms: infer.p95Ms };

const fmt = (/** @type {unknown} */ v, digits = 0) => (typeof v === 'number' ? v.toFixed(digits) : '—');
/** @type {[string, string][]} */
const rows = [['metric', 'value']];
for (const t of summary.training) rows.push([`train images/s ${t.model} (${t.backend}, ${t.workers} thread${t.workers > 1 ? 's' : ''})`, fmt(t.imagesPerSecond)]);
if (summary.fast) {
  rows.push(['fast preset: test accuracy per seed', summary.fast.seeds.map((/** @type {Record<string, any>} */ r) => `${fmt(100 * (r.testAccuracy ?? Number.NaN), 2)}% in ${fmt(r.trainSeconds, 1)} s`).join(', ')]);
  rows.push(['fast preset: time to 99.0% (mean)', summary.fast.secondsTo99 === null ? 'not reached' : `${fmt(summary.fast.secondsTo99, 1)} s (${fmt(100 * summary.fast.meanTestAccuracy, 2)}%)`]);
}
if (summary.fashion) {
  rows.push([
    'Fashion-MNIST, fast preset: test accuracy',
    summary.fashion.skipped ? `skipped: ${summary.fashion.skipped}` : `${fmt(100 * (summary.fashion.testAccuracy ?? Number.NaN), 2)}% in ${fmt(summary.fashion.trainSeconds, 1)} s`,
  ]);
}
rows.push(['best preset', summary.best ? `${fmt(100 * (summary.best.testAccuracy ?? Number.NaN), 2)}% in ${fmt(summary.best.trainSeconds, 0)} s` : 'skipped (pnpm bench -- --best)']);
if (summary.inference) {
  rows.push([`inference images/s in batches (${summary.inference.backend})`, fmt(summary.inference.batchImagesPerSecond)]);
  rows.push(['single-image latency p50 / p95', `${fmt(summary.inference.p50Ms, 2)} / ${fmt(summary.inference.p95Ms, 2)} ms`]);
}
for (const r of summary.robustness) {
  rows.push([
    `robustness (${r.model}): accuracy / ECE per suite`,
    r.suites.map((/** @type {{ name: string, accuracy: number, ece: number }} */ x) => `${x.name} ${fmt(100 * x.accuracy, 2)}% / ${fmt(100 * x.ece, 2)}%`).join(', '),
  ]);
}
rows.push(['peak RSS of a training run', summary.peakRssMB === null ? '—' : `${fmt(summary.peakRssMB)} MB`]);
if (summary.machineSpeedGflops) {
  rows.push([
    'machine speed reference, GFLOP/s before / after (one thread)',
    `${fmt(summary.machineSpeedGflops.start, 1)} / ${fmt(summary.machineSpeedGflops.end, 1)}`,
  ]);
}
rows.push(['load average now (2-core numbers are skewed by other work)', fmt(summary.loadAverage, 1)]);

console.log('\n── summary ──');
const width = Math.max(...rows.map((r) => r[0].length)) + 2;
for (const row of rows) console.log(row[0].padEnd(width) + row[1]);
for (const [name, r] of Object.entries(results)) if (r.exitCode !== 0) console.log(`${name}: bench exited with code ${r.exitCode}`);
console.log(
  JSON.stringify({ bench: 'mnist', date: new Date().toISOString(), node: process.version, cpus: (await import('node:os')).cpus().length, summary, packages: results }),
);
process.exit(failures ? 1 : 0);
