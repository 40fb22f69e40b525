// Entry point of a data-parallel gradient worker (a worker_threads script, built to
// dist/gradient-worker.{js,cjs}). It owns its own tfjs backend and a copy of the model; per
// step it receives all weights and a shard of the batch, and returns the gradients.
import { parentPort } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs';
import { deriveSeed } from '../../derive-seed.js';
import { keepFrozenBatchNormInInferenceMode, updatedStateWeights } from '../../frozen-batch-norm.js';
import { NOISE_LAYER_CLASSES } from '../../seed-dropout-layers.js';
import { crossEntropy, smoothedTargets } from '../../train-step.js';
import { selectBackend } from '../select-backend.js';
import type { GradientWorkerRequest, GradientWorkerResponse } from './gradient-worker-protocol.js';

const port = parentPort;
if (port === null) throw new Error('gradient-worker must run inside worker_threads (it has no parentPort).');

let model: tf.LayersModel | undefined;

function post(message: GradientWorkerResponse, transfer: ArrayBuffer[] = []): void {
  port!.postMessage(message, transfer);
}

function step(request: Extract<GradientWorkerRequest, { type: 'step' }>): void {
  if (model === undefined) throw new Error("received 'step' before 'init'");
  const m = model;
  const { dropoutSeed } = request;
  if (dropoutSeed === undefined) {
    request.layerSeeds.forEach((seed, i) => {
      const layer = m.layers[i] as unknown as { seed?: number } | undefined;
      if (layer !== undefined && seed !== null) layer.seed = seed + request.shard;
    });
  } else {
    m.layers.forEach((layer, i) => {
      if (NOISE_LAYER_CLASSES.has(layer.getClassName())) {
        (layer as unknown as { seed?: number }).seed = deriveSeed(dropoutSeed, request.shard, i);
      }
    });
  }
  tf.tidy(() => m.setWeights(request.weights.map((values, i) => tf.tensor(values, m.weights[i]!.shape as number[]))));
  const trainable = m.trainableWeights.map((w) => w.read() as tf.Variable);
  let correct = 0;
  const { value, grads } = tf.tidy(() => {
    const xs = tf.tensor4d(request.images, [request.size, request.rows, request.cols, 1]);
    const labels = tf.tensor1d(Int32Array.from(request.labels), 'int32');
    const targets = smoothedTargets(labels, request.numClasses, request.labelSmoothing);
    return tf.variableGrads(() => {
      const probabilities = m.apply(xs, { training: true }) as tf.Tensor2D;
      correct = tf.tidy(() => tf.sum(tf.cast(tf.equal(tf.argMax(probabilities, -1), labels), 'float32')).dataSync()[0]!);
      return crossEntropy(probabilities, targets);
    }, trainable);
  });
  const gradients = trainable.map((v) => grads[v.name]!.dataSync() as Float32Array);
  const loss = value.dataSync()[0]!;
  tf.dispose([value, ...Object.values(grads)]);
  const nonTrainable = updatedStateWeights(m).map((w) => w.read().dataSync() as Float32Array);
  post({ type: 'gradients', loss, correct, gradients, nonTrainable }, [
    ...gradients.map((g) => g.buffer as ArrayBuffer),
    ...nonTrainable.map((g) => g.buffer as ArrayBuffer),
  ]);
}

port.on('message', (request: GradientWorkerRequest) => {
  void (async () => {
    try {
      if (request.type === 'init') {
        const info = await selectBackend(request.backend);
        model = await tf.models.modelFromJSON(request.topology as tf.io.ModelJSON);
        keepFrozenBatchNormInInferenceMode(model);
        post({ type: 'ready', backend: info.name, reason: info.reason });
      } else {
        step(request);
      }
    } catch (error) {
      post({ type: 'error', message: error instanceof Error ? error.message : String(error) });
    }
  })();
});
