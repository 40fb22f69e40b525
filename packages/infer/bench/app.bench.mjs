#!/usr/bin/env node
// The Quick start as an app ships it: packs @mnist/infer (run `pnpm build` first), installs the
// tarball into a fresh Vite app, builds it and measures in headless Chromium. Prints a table and
// one JSON line: gzipped JavaScript, .wasm and model bytes; page load to first classification; p50 /
// p95 of 50 classifications of a 280x280 canvas per available backend.
// Usage: node bench/app.bench.mjs [--runs 50]
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { build } from 'vite';

const PACKAGE_DIR = join(dirname(fileURLToPath(import.meta.url)), '..');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const CANVAS_PX = 280;
const TARGET_FIRST_MS = 400;
const TARGET_P50_MS = 4;
const TARGET_JS_GZIP_BYTES = 200 * 1024;
const args = process.argv.slice(2);
const runsIndex = args.indexOf('--runs');
const RUNS = runsIndex >= 0 ? Number(args[runsIndex + 1]) : 50;

const require = createRequire(import.meta.url);
const localCopy = (/** @type {string} */ name) => realpathSync(dirname(require.resolve(`${name}/package.json`)));

// The page: draws a digit, loads a recogniser, times the first classification from navigation start
// (performance.now() counts from it), then RUNS more.
const PAGE = (/** @type {string} */ extraImports) => `
import { loadRecognizer } from '@mnist/infer';
${extraImports}
const canvas = document.createElement('canvas');
canvas.width = canvas.height = ${CANVAS_PX};
const ctx = canvas.getContext('2d');
ctx.fillStyle = 'white';
ctx.fillRect(0, 0, ${CANVAS_PX}, ${CANVAS_PX});
ctx.fillStyle = 'black';
ctx.font = 'bold 200px sans-serif';
ctx.fillText('7', 80, 220);
const backend = new URLSearchParams(location.search).get('backend') ?? undefined;
try {
  const recognizer = await loadRecognizer(backend ? { backend } : {});
  const first = await recognizer.classify(canvas);
  const firstMs = performance.now();
  const times = [];
  for (let i = 0; i < ${RUNS}; i++) {
    const start = performance.now();
    await recognizer.classify(canvas);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  window.result = { backend: recognizer.backend, digit: first.digit, firstMs, p50: times[Math.floor(times.length * 0.5)], p95: times[Math.min(times.length - 1, Math.floor(times.length * 0.95))] };
} catch (error) {
  window.result = { backend, error: String(error.message ?? error) };
}
`;

/**
 * What the page leaves in `window.result`: the measurements, or the error that stopped it.
 * @typedef {{ backend?: string, digit?: number | null, firstMs?: number, p50?: number, p95?: number, error?: string }} PageResult
 */

/**
 * Serves `dir` on a free port of 127.0.0.1.
 * @param {string} dir
 * @returns {Promise<{ server: import('node:http').Server, url: string }>}
 */
function serve(dir) {
  /** @type {Record<string, string>} */
  const types = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm' };
  const server = createServer((req, res) => {
    const requested = join(dir, decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname));
    const path = requested.endsWith('/') ? join(requested, 'index.html') : requested;
    try {
      const body = readFileSync(path);
      res.setHeader('content-type', types[extname(path)] ?? 'application/octet-stream');
      res.end(body);
    } catch {
      res.statusCode = 404;
      res.end();
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${/** @type {import('node:net').AddressInfo} */ (server.address()).port}/` })));
}

const files = (/** @type {string} */ dir) => readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));

const project = mkdtempSync(join(tmpdir(), 'infer-bench-app-'));
// Playwright gives the browser a fresh temporary profile; each measurement uses a fresh context too.
const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
try {
  execFileSync('npm', ['pack', '--pack-destination', project, '--silent'], { cwd: PACKAGE_DIR, stdio: 'pipe' });
  const tarball = readdirSync(project).find((f) => f.endsWith('.tgz'));
  /** @type {Record<string, string>} */
  const dependencies = { '@mnist/infer': `file:./${tarball}` };
  for (const name of ['@tensorflow/tfjs-core', '@tensorflow/tfjs-layers', '@tensorflow/tfjs-backend-wasm', '@tensorflow/tfjs-backend-cpu']) dependencies[name] = `file:${localCopy(name)}`;
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'bench-app', private: true, type: 'module', dependencies }));
  execFileSync('npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], { cwd: project, stdio: 'pipe' });
  writeFileSync(join(project, 'index.html'), '<!doctype html><link rel="icon" href="data:,"><script type="module" src="./main.js"></script>');

  // App 1: the Quick start, nothing else (sizes, first classification, wasm).
  writeFileSync(join(project, 'main.js'), PAGE(''));
  const quick = join(project, 'dist-quick');
  await build({ root: project, base: './', logLevel: 'silent', build: { outDir: quick, emptyOutDir: true } });
  const out = files(quick);
  const jsGzip = out.filter((f) => f.endsWith('.js')).reduce((n, f) => n + gzipSync(readFileSync(f), { level: 9 }).length, 0);
  const wasmBytes = Object.fromEntries(out.filter((f) => f.endsWith('.wasm')).map((f) => [/** @type {string} */ (f.split('/').pop()).replace(/-[\w-]{8}\.wasm$/, '.wasm'), statSync(f).size]));
  const modelBytes = out.filter((f) => f.endsWith('.bin')).reduce((n, f) => n + statSync(f).size, 0);

  // App 2: the same page with the cpu backend registered by the app, to compare backends.
  writeFileSync(join(project, 'main.js'), PAGE("import '@tensorflow/tfjs-backend-cpu';"));
  const withCpu = join(project, 'dist-backends');
  await build({ root: project, base: './', logLevel: 'silent', build: { outDir: withCpu, emptyOutDir: true } });

  const measure = async (/** @type {string} */ dir, /** @type {string} */ query) => {
    const { server, url } = await serve(dir);
    const context = await browser.newContext();
    const page = await context.newPage();
    try {
      await page.goto(url + query);
      await page.waitForFunction(() => /** @type {Window & { result?: PageResult }} */ (window).result !== undefined, undefined, { timeout: 120_000 });
      return await page.evaluate(() => /** @type {PageResult} */ (/** @type {Window & { result?: PageResult }} */ (window).result));
    } finally {
      await context.close();
      server.close();
    }
  };
  // First classification: best of three fresh loads (a fresh context each: nothing cached).
  /** @type {PageResult[]} */
  const quickRuns = [];
  for (let i = 0; i < 3; i++) quickRuns.push(await measure(quick, ''));
  const wasm = quickRuns.reduce((a, b) => ((b.firstMs ?? Number.NaN) < (a.firstMs ?? Number.NaN) ? b : a));
  const backends = { wasm: { ...wasm, firstMsRuns: quickRuns.map((r) => Math.round(r.firstMs ?? Number.NaN)) }, cpu: await measure(withCpu, '?backend=cpu') };

  const round = (/** @type {number | undefined} */ v, d = 2) => (typeof v === 'number' ? Number(v.toFixed(d)) : v);
  /** @type {[string, string, string][]} */
  const rows = [
    ['JavaScript, gzipped (all chunks)', `${jsGzip} B`, `<= ${TARGET_JS_GZIP_BYTES} B`],
    ...Object.entries(wasmBytes).map(([name, bytes]) => /** @type {[string, string, string]} */ ([`${name} (emitted)`, `${bytes} B`, ''])),
    ['model file', `${modelBytes} B`, ''],
    ['page load -> first classification (wasm, best of 3)', `${round(wasm.firstMs, 0)} ms (${backends.wasm.firstMsRuns.join(', ')})`, `<= ${TARGET_FIRST_MS} ms`],
  ];
  for (const [name, r] of Object.entries(backends)) {
    rows.push([`${name}: classify p50 / p95 (${RUNS} x ${CANVAS_PX}px canvas)`, r.error ? `unavailable: ${r.error}` : `${round(r.p50)} / ${round(r.p95)} ms (digit ${r.digit})`, name === 'wasm' ? `p50 <= ${TARGET_P50_MS} ms` : '']);
  }
  const width = Math.max(...rows.map((r) => r[0].length));
  console.log(`${'metric'.padEnd(width)}  value  target`);
  for (const [metric, value, target] of rows) console.log(`${metric.padEnd(width)}  ${value}  ${target}`);
  console.log(
    JSON.stringify({
      bench: '@mnist/infer app',
      jsGzipBytes: jsGzip,
      wasmBytes,
      modelBytes,
      firstClassificationMs: round(wasm.firstMs, 0),
      backends: Object.fromEntries(Object.entries(backends).map(([k, r]) => [k, r.error ? { error: r.error } : { p50Ms: round(r.p50, 3), p95Ms: round(r.p95, 3), digit: r.digit }])),
      targets: { jsGzipBytes: TARGET_JS_GZIP_BYTES, firstClassificationMs: TARGET_FIRST_MS, p50Ms: TARGET_P50_MS },
    }),
  );
} finally {
  await browser.close();
  rmSync(project, { recursive: true, force: true });
}
