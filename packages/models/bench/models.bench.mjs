// Benchmark: size and forward-pass cost of every architecture in the registry, on the `cpu` backend
// (pure JS, the same everywhere; other backends are faster). Run after a build:
// `pnpm --filter @mnist/models bench`. Prints a table and one JSON line.
import { performance } from 'node:perf_hooks';
import * as tf from '@tensorflow/tfjs';
import { createModel, listModels } from '@mnist/models';

const BATCH_SIZE = 64;
const REPEATS = 3;

await tf.setBackend('cpu');
const input = tf.randomUniform([BATCH_SIZE, 28, 28, 1], 0, 1, 'float32', 1);
const results = [];
for (const { name, parameters, multiplyAdds } of listModels()) {
  const model = createModel(name, { seed: 1 });
  tf.tidy(() => /** @type {tf.Tensor} */ (model.predict(input)).dataSync()); // warm-up
  const times = [];
  for (let r = 0; r < REPEATS; r++) {
    const start = performance.now();
    tf.tidy(() => /** @type {tf.Tensor} */ (model.predict(input)).dataSync());
    times.push((performance.now() - start) / 1000);
  }
  model.dispose();
  const best = Math.min(...times);
  results.push({ name, parameters, multiplyAdds, mflopsPerImage: (2 * multiplyAdds) / 1e6, forwardImagesPerSecond: BATCH_SIZE / best });
}
input.dispose();

console.log(`${'model'.padEnd(11)}${'params'.padStart(10)}${'MFLOPs/img'.padStart(12)}${'fwd img/s (cpu)'.padStart(17)}`);
for (const r of results) {
  console.log(
    r.name.padEnd(11) +
      r.parameters.toLocaleString('en-US').padStart(10) +
      r.mflopsPerImage.toFixed(2).padStart(12) +
      Math.round(r.forwardImagesPerSecond).toString().padStart(17),
  );
}
console.log(JSON.stringify({ bench: '@mnist/models forward', backend: 'cpu', batchSize: BATCH_SIZE, node: process.version, results }));
