import { defineConfig } from 'tsup';

// The command only: @mnist/cli has no library entry (nothing imports it; its surface is the `mnist` binary).
export default defineConfig({
  entry: ['src/bin.ts'],
  format: ['esm'],
  sourcemap: true,
  clean: true,
  target: 'es2022',
  shims: true,
});
