import { defineConfig } from 'tsup';

export default defineConfig({
  entry: {
    index: 'src/index.ts',
    // `@mnist/tune/queue`: the BullMQ/Redis coordinator and worker (loads bullmq only when imported).
    queue: 'src/queue/index.ts',
  },
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'es2022',
});
