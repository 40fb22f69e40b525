import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MnistData } from '@mnist/data';
import { loadMnist } from '@mnist/data/node';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fineTune, loadModel, train } from '../src/index.js';

let data: MnistData;
let root: string;
let baseDir: string;

/** Every weight of every layer, by `layer/weight` name, as exact bit patterns. */
function weightBits(model: tf.LayersModel): Map<string, Uint32Array> {
  const out = new Map<string, Uint32Array>();
  for (const layer of model.layers) {
    for (const w of layer.weights) {
      const values = w.read().dataSync() as Float32Array;
      out.set(`${layer.name}/${w.originalName.split('/').pop()}`, new Uint32Array(Float32Array.from(values).buffer));
    }
  }
  return out;
}

function changed(a: Uint32Array, b: Uint32Array): boolean {
  return a.length !== b.length || a.some((v, i) => v !== b[i]);
}

beforeAll(async () => {
  data = await loadMnist({ dataset: 'mnist' });
  root = await mkdtemp(join(tmpdir(), 'mnist-finetune-freeze-'));
  baseDir = join(root, 'base');
  const base = await train({ data, model: 'cnn-bn', backend: 'wasm', workers: 2, limit: 256, batchSize: 64, epochs: 1, testLimit: 50, outDir: baseDir });
  base.model.dispose();
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** 192 MNIST test images (not seen by the base) as fine-tuning arrays. */
function newDigits(): { images: Uint8Array; labels: Uint8Array; classNames: string[] } {
  const count = 192;
  return {
    images: data.test.images.slice(0, count * 784),
    labels: data.test.labels.slice(0, count),
    classNames: data.classNames,
  };
}

describe('fineTune() freezing (wasm, 2 worker threads)', () => {
  it("keeps every weight of frozen layers bit-identical, batch-norm moving statistics included, with freeze 'features'", async () => {
    const before = weightBits(await loadModel(baseDir));
    const result = await fineTune({ from: baseDir, data: newDigits(), backend: 'wasm', workers: 2, epochs: 2, batchSize: 32, learningRate: 0.01 });
    expect(result.workers).toBe(2);
    expect(result.head).toBe('output');
    expect(result.frozenLayers).toEqual(result.model.layers.slice(0, -1).map((l) => l.name));
    const after = weightBits(result.model);
    for (const [name, bits] of before) {
      if (name.startsWith('output/')) expect(changed(bits, after.get(name)!), name).toBe(true);
      else expect(changed(bits, after.get(name)!), name).toBe(false);
    }
    // The frozen model's batch-norm statistics are among them: bn1..bn4 moving mean and variance.
    expect([...before.keys()].filter((n) => /^bn\d\/moving_(mean|variance)$/.test(n))).toHaveLength(8);
    result.model.dispose();
  });

  it('freezes up to a named layer: batch-norm after it trains and updates its statistics, before it does not', async () => {
    const before = weightBits(await loadModel(baseDir));
    const result = await fineTune({ from: baseDir, data: newDigits(), backend: 'wasm', workers: 2, freeze: 'relu2', epochs: 1, batchSize: 32 });
    expect(result.frozenLayers).toEqual(['conv1', 'pool1', 'bn1', 'relu1', 'conv2', 'pool2', 'bn2', 'relu2']);
    const after = weightBits(result.model);
    for (const name of ['conv1/kernel', 'bn1/moving_mean', 'bn1/moving_variance', 'bn2/gamma', 'bn2/moving_mean']) {
      expect(changed(before.get(name)!, after.get(name)!), name).toBe(false);
    }
    for (const name of ['conv3/kernel', 'bn3/moving_mean', 'bn3/moving_variance', 'bn4/moving_mean', 'output/kernel']) {
      expect(changed(before.get(name)!, after.get(name)!), name).toBe(true);
    }
    result.model.dispose();
  });

  it('does the same in-process (1 worker), and is deterministic', async () => {
    const before = weightBits(await loadModel(baseDir));
    const run = () => fineTune({ from: baseDir, data: newDigits(), backend: 'wasm', workers: 1, epochs: 1, batchSize: 32, seed: 9 });
    const a = await run();
    const b = await run();
    const bitsA = weightBits(a.model);
    const bitsB = weightBits(b.model);
    for (const [name, bits] of before) {
      expect(changed(bits, bitsA.get(name)!), name).toBe(name.startsWith('output/'));
      expect(changed(bitsA.get(name)!, bitsB.get(name)!), name).toBe(false);
    }
    // Frozen batch-norm runs in inference mode: the frozen features are the same in training mode.
    const features = tf.model({ inputs: a.model.inputs, outputs: a.model.getLayer('relu3').output as tf.SymbolicTensor });
    const x = tf.tensor4d(data.test.images.slice(0, 8 * 784), [8, 28, 28, 1]).div(255);
    const training = features.apply(x, { training: true }) as tf.Tensor;
    const inference = features.apply(x, { training: false }) as tf.Tensor;
    expect(Array.from(training.dataSync())).toEqual(Array.from(inference.dataSync()));
    tf.dispose([x, training, inference]);
    a.model.dispose();
    b.model.dispose();
  });

  it('with unfreeze, trains the head first and then every layer (conv and batch-norm included) at a lower rate', async () => {
    const before = weightBits(await loadModel(baseDir));
    const phases: string[] = [];
    const result = await fineTune({
      from: baseDir,
      data: newDigits(),
      backend: 'wasm',
      workers: 2,
      epochs: 1,
      batchSize: 32,
      unfreeze: { epochs: 1 },
      onEpochEnd: (info) => {
        phases.push(`${info.phase}:${info.lr}`);
      },
    });
    expect(phases).toEqual(['frozen:0.001', 'unfrozen:0.0001']);
    expect(result.history.epoch).toEqual([1, 2]);
    const after = weightBits(result.model);
    for (const name of ['conv1/kernel', 'bn1/moving_mean', 'dense1/kernel', 'output/kernel']) {
      expect(changed(before.get(name)!, after.get(name)!), name).toBe(true);
    }
    result.model.dispose();
  });
});
