// Test fixture (not exported from the package).
import type { ModelMetadata } from './model-metadata.js';

/** Metadata as the training loop writes it, with made-up values. */
export function sampleMetadata(architecture: string, parameters: number): ModelMetadata {
  return {
    formatVersion: 1,
    architecture,
    parameters,
    dataset: { name: 'mnist', source: 'package', classNames: ['0', '1'], sha256: { 'a.idx': 'ab' }, trainCount: 10, testCount: 5 },
    hyperparameters: { epochs: 1, batchSize: 8 },
    seed: 1,
    history: { epoch: [1], loss: [0.5], acc: [0.8], val_loss: [], val_acc: [], lr: [0.01] },
    backend: { name: 'cpu', requested: 'cpu', reason: 'requested' },
    versions: { node: process.version },
    trainSeconds: 1.5,
    createdAt: '2026-01-01T00:00:00.000Z',
  };
}
