#!/usr/bin/env node
// Copies the files the built code references with `new URL('./…', import.meta.url)` (see
// src/bundled-assets.ts) next to it in dist/: the bundled model and tfjs-backend-wasm's binaries
// (the exact version this package depends on, so the JavaScript glue and the binaries match).
import { copyFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const PACKAGE_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DIST = join(PACKAGE_DIR, 'dist');
const WASM_FILES = ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm'];

const require = createRequire(join(PACKAGE_DIR, 'package.json'));
const wasmDist = join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist');
mkdirSync(join(DIST, 'model'), { recursive: true });
mkdirSync(join(DIST, 'wasm'), { recursive: true });
copyFileSync(join(PACKAGE_DIR, 'src/model/default-model.bin'), join(DIST, 'model/default-model.bin'));
for (const file of WASM_FILES) copyFileSync(join(wasmDist, file), join(DIST, 'wasm', file));
