import { definePackageBuild } from '../../config/tsup.ts';

export default definePackageBuild({
  entry: ['src/index.ts'],
  external: ['@tensorflow/tfjs', '@tensorflow/tfjs-backend-wasm', '@tensorflow/tfjs-node'],
});
