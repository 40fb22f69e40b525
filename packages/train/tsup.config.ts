import { definePackageBuild } from '../../config/tsup.ts';

export default definePackageBuild({
  entry: {
    index: 'src/index.ts',
    // `@mnist/train/backend`: backend selection and the wasm gradient kernels on their own.
    backend: 'src/backend/index.ts',
    // `@mnist/train/fine-tune`: fine-tuning without fs or worker_threads, for browsers.
    'fine-tune': 'src/fine-tune-entry.ts',
    // The worker_threads script of data-parallel training (loaded by path, not imported).
    'gradient-worker': 'src/backend/parallel/gradient-worker.ts',
  },
});
