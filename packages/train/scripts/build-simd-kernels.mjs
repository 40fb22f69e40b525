#!/usr/bin/env node
// Compiles src/backend/simd/wasm-simd-kernels.wat (WebAssembly text with SIMD) into
// src/backend/simd/wasm-simd-kernels-binary.ts, the module's bytes as base64, which is
// committed so that building the package needs no WebAssembly toolchain.
//   pnpm --filter @mnist/train build:simd          (writes the file)
//   node scripts/build-simd-kernels.mjs --check    (exits 1 when the file is out of date)
import { readFileSync, writeFileSync } from 'node:fs';
import { compileSimdKernels, SIMD_BINARY_PATH, simdBinarySource } from './simd-kernels-source.mjs';

const source = simdBinarySource(await compileSimdKernels());
if (process.argv.includes('--check')) {
  if (readFileSync(SIMD_BINARY_PATH, 'utf8') !== source) {
    console.error(`${SIMD_BINARY_PATH} does not match wasm-simd-kernels.wat; run \`pnpm --filter @mnist/train build:simd\`.`);
    process.exit(1);
  }
  console.log('wasm-simd-kernels-binary.ts is up to date.');
} else {
  writeFileSync(SIMD_BINARY_PATH, source);
  console.log(`Wrote ${SIMD_BINARY_PATH}`);
}
