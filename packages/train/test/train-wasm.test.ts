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
