import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MnistData } from '@mnist/data';
import { loadMnist } from '@mnist/data/node';
import { beforeAll, describe, expect, it } from 'vitest';
import { train } from '../src/index.js';

let data: MnistData;
beforeAll(async () => {
  data = await loadMnist({ dataset: 'mnist' });
});

describe('train() on wasm', () => {
  it('is deterministic for cnn-bn (convolutions, batch norm, dropout, augmentation) with the same seed, on 2 workers', async () => {
    const workersSeen: number[] = [];
    const run = async () => {
      const result = await train({
        data,
        model: 'cnn-bn',
        backend: 'wasm',
        workers: 2,
        onLog: (event) => {
          if (event.type === 'start') workersSeen.push(event.workers);
        },
        limit: 64,
        batchSize: 32,
        epochs: 1,
        augment: true,
        labelSmoothing: 0.1,
        testLimit: 20,
        seed: 3,
      });
      expect(result.backend.name).toBe('wasm');
      const weights = result.model.getWeights().map((w) => Array.from(w.dataSync()));
      result.model.dispose();
      return { weights, loss: result.history.loss[0] };
    };
    const a = await run();
    const b = await run();
    // Dropout masks inside the workers come from the per-step dropout seed, not Math.random.
    expect(workersSeen).toEqual([2, 2]);
    expect(Number.isFinite(a.loss)).toBe(true);
    expect(b.loss).toBe(a.loss);
    expect(b.weights).toEqual(a.weights);
  });
});

describe('metadata.json of a wasm run', () => {
  it('records the version of the wasm backend that trained the model, not tfjs-backend-webgl', async () => {
    // The version of the installed package, read from its own package.json (not the value the code under test reads).
    const require = createRequire(import.meta.url);
    const wasmPackage = JSON.parse(await readFile(require.resolve('@tensorflow/tfjs-backend-wasm/package.json'), 'utf8')) as { version: string };
    const outDir = join(await mkdtemp(join(tmpdir(), 'mnist-train-wasm-')), 'model');
    try {
      const result = await train({ data, model: 'mlp', backend: 'wasm', workers: 1, limit: 256, epochs: 1, testLimit: 50, seed: 1, outDir });
      result.model.dispose();
      expect(result.backend.name).toBe('wasm');
      const metadata = JSON.parse(await readFile(join(outDir, 'metadata.json'), 'utf8')) as { backend: { name: string }; versions: Record<string, string> };
      expect(metadata.backend.name).toBe('wasm');
      expect(metadata.versions['@tensorflow/tfjs-backend-wasm']).toBe(wasmPackage.version);
      expect(Object.keys(metadata.versions).filter((name) => /webgl|tfjs-node|backend-cpu/.test(name))).toEqual([]);
      expect(metadata.versions['@tensorflow/tfjs-core']).toMatch(/^\d+\.\d+\.\d+/);
    } finally {
      await rm(join(outDir, '..'), { recursive: true, force: true });
    }
  });
});

describe('train() with data-parallel workers', () => {
  it('trains on 2 wasm worker threads, deterministically, well above chance', async () => {
    const workersSeen: number[] = [];
    const run = async () => {
      const result = await train({
        data,
        model: 'mlp',
        backend: 'wasm',
        workers: 2,
        limit: 512,
        batchSize: 64,
        epochs: 2,
        learningRate: 0.003,
        testLimit: 300,
        seed: 5,
        onLog: (event) => {
          if (event.type === 'start') workersSeen.push(event.workers);
        },
      });
      const weights = result.model.getWeights().map((w) => Array.from(w.dataSync()));
      result.model.dispose();
      return { weights, accuracy: result.test!.accuracy };
    };
    const a = await run();
    const b = await run();
    expect(workersSeen).toEqual([2, 2]);
    expect(a.accuracy).toBeGreaterThan(0.6);
    expect(b.weights).toEqual(a.weights);
  });
});

describe('train() with architecture options', () => {
  it.each(['relu', 'elu', 'gelu', 'swish', 'silu'] as const)(
    'trains cnn-fast with %s, batch norm, dropout, other filters and units on 2 wasm workers, without a test evaluation',
    async (activation) => {
      const logs: string[] = [];
      const result = await train({
        data,
        model: 'cnn-fast',
        modelOptions: { activation, batchNorm: true, dropout: 0.2, filters: [8, 12], denseUnits: 24 },
        backend: 'wasm',
        workers: 2,
        limit: 256,
        batchSize: 32,
        epochs: 1,
        validationSplit: 0.25,
        evaluateTest: false,
        seed: 4,
        onLog: (event) => logs.push(event.type),
      });
      const tfName = activation === 'silu' ? 'swish' : activation;
      expect(result.model.getLayer('conv1_act').getConfig()).toMatchObject({ activation: tfName });
      expect(result.model.getLayer('conv2').getConfig()).toMatchObject({ filters: 12 });
      expect(result.model.getLayer('dense1').getConfig()).toMatchObject({ units: 24 });
      expect(Number.isFinite(result.history.loss[0])).toBe(true);
      expect(result.history.val_acc[0]).toBeGreaterThan(0.15);
      expect(result.test).toBeUndefined();
      expect(logs).not.toContain('evaluate');
      expect(result.options.modelOptions).toEqual({ activation, batchNorm: true, dropout: 0.2, filters: [8, 12], denseUnits: 24 });
      result.model.dispose();
    },
  );

  it('names the bad architecture option', async () => {
    await expect(train({ data, model: 'cnn-fast', modelOptions: { activation: 'tanh' as never }, epochs: 1, limit: 64 })).rejects.toThrow(
      /modelOptions\.activation/,
    );
    await expect(train({ data, model: 'cnn-fast', modelOptions: { kernel: 3 } as never, epochs: 1, limit: 64 })).rejects.toThrow(
      /modelOptions\.kernel/,
    );
  });
});
