import { definePackageBuild } from '../../config/tsup.ts';

export default definePackageBuild({
  entry: {
    index: 'src/index.ts',
    // `@mnist/train/backend`: backend selection and the wasm gradient kernels on their own.
    backend: 'src/backend/index.ts',
    // The worker_threads script of data-parallel training (loaded by path, not imported).
    'gradient-worker': 'src/backend/parallel/gradient-worker.ts',
  },
});
