// Benchmark: accuracy and calibration of the shipped model (and of `--model <dir>`, a model directory
// written by `mnist train`) on MNIST test and its robustness suites, through @mnist/infer's public API.
// Prints per suite accuracy, expected calibration error (15 bins) and mean confidence with the release
// targets, then the confidence-threshold table, then one JSON line per model.
// Run after a build: `pnpm bench -- --only @mnist/cli [--model <dir>] [--robustness-limit <n>]`.
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';

const args = process.argv.slice(2);
const option = (/** @type {string} */ name) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : undefined;
};
const limit = option('robustness-limit') ?? '10000';
const modelDir = option('model');
// pnpm runs this in apps/cli; a relative --model is meant from where `pnpm bench` was typed.
const invokedFrom = process.env.INIT_CWD ?? process.cwd();
const bin = new URL('../dist/bin.js', import.meta.url).pathname;

/**
 * @typedef {{ threshold: number, answered: number, accuracy: number }} ThresholdRow
 * @typedef {{ name: string, thresholds: ThresholdRow[] }} SuiteReport
 * @typedef {{ suites: SuiteReport[], pooledThresholds: ThresholdRow[] }} RobustnessReport
 */

/**
 * Runs `mnist robustness --json` on a model directory (the shipped model when undefined).
 * @param {string | undefined} dir
 * @returns {Promise<{ code: number | null, report: RobustnessReport | undefined }>}
 */
function measure(dir) {
  return new Promise((done) => {
    const child = spawn(process.execPath, [bin, 'robustness', ...(dir ? [resolve(invokedFrom, dir)] : []), '--limit', limit, '--json'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
    });
    child.on('close', (code) => done({ code, report: code === 0 ? JSON.parse(out.trim().split('\n').pop() ?? '') : undefined }));
  });
}

let failed = false;
for (const dir of [undefined, ...(modelDir ? [modelDir] : [])]) {
  console.log(`\n${dir ? `model directory ${dir}` : 'shipped model (bundled with @mnist/infer)'}`);
  const { code, report } = await measure(dir);
  if (!report) {
    console.log(`mnist robustness exited with code ${code}`);
    failed = true;
    continue;
  }
  const clean = report.suites.find((s) => s.name === 'clean');
  if (!clean) throw new Error('mnist robustness reported no clean suite');
  const pct = (/** @type {number} */ v) => `${(v * 100).toFixed(2)}%`;
  console.log(`\n${'confidence >='.padEnd(15)}${'MNIST answered'.padStart(16)}${'accuracy'.padStart(10)}${'suites answered'.padStart(17)}${'accuracy'.padStart(10)}`);
  report.pooledThresholds.forEach((row, i) => {
    const c = /** @type {ThresholdRow} */ (clean.thresholds[i]);
    console.log(`${String(row.threshold).padEnd(15)}${pct(c.answered).padStart(16)}${pct(c.accuracy).padStart(10)}${pct(row.answered).padStart(17)}${pct(row.accuracy).padStart(10)}`);
  });
  console.log(JSON.stringify(report));
}
process.exit(failed ? 1 : 0);
