import { defineConfig } from 'tsup';

export default defineConfig({
  entry: {
    index: 'src/index.ts',
    // `@mnist/train/backend`: backend selection and the wasm gradient kernels on their own.
    backend: 'src/backend/index.ts',
    // The worker_threads script of data-parallel training (loaded by path, not imported).
    'gradient-worker': 'src/backend/parallel/gradient-worker.ts',
  },
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'es2022',
});
