import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'es2022',
  // import.meta.url in the CommonJS build (the bundled model's location in Node).
  shims: true,
  external: [/^@tensorflow\//],
  // The model and the wasm binaries sit beside the code (src/bundled-assets.ts).
  onSuccess: 'node scripts/copy-assets.mjs',
});
