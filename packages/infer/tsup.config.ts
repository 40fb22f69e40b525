import { defineConfig, type Options } from 'tsup';

const common: Options = {
  sourcemap: true,
  target: 'es2022',
  external: [/^@tensorflow\//],
};

export default defineConfig([
  {
    ...common,
    // ESM with code splitting: loadRecognizer imports the TensorFlow.js part lazily, so it lands in
    // chunks of its own (also in the app's bundle: no chunk over Vite's 500 kB warning, and an app
    // that imports only `preprocess` loads no tfjs at all).
    entry: { index: 'src/index.ts' },
    format: ['esm'],
    splitting: true,
    dts: { entry: { index: 'src/index.ts' } },
    clean: true,
  },
  {
    ...common,
    entry: ['src/index.ts'],
    format: ['cjs'],
    dts: { entry: { index: 'src/index.ts' } },
    // import.meta.url in the CommonJS build (the bundled model's location in Node).
    shims: true,
    // The model and the wasm binaries sit beside the code (src/bundled-assets.ts).
    onSuccess: 'node scripts/copy-assets.mjs',
  },
]);
