import { describe, expect, it } from 'vitest';
import { createReleaseChangeset } from './release-changeset.js';

const base = {
  packageName: '@mnist/infer',
  modelVersion: '1.5.0',
  modelId: 'sha256-0123456789abcdef',
  architecture: 'cnn-bn',
  parameters: 175_000,
  testAccuracy: 0.9964,
  bundledTestAccuracy: 0.9962,
  shippedTestAccuracy: 0.9936,
  quantization: 'uint8',
  weightBytes: 180_000,
};

describe('createReleaseChangeset', () => {
  it('is a minor changeset for new weights, named after the model id', () => {
    const { fileName, content } = createReleaseChangeset({ ...base, bump: 'minor' });
    expect(fileName).toBe('infer-model-01234567.md');
    expect(content).toMatch(/^---\n"@mnist\/infer": minor\n---\n\nNew default model 1\.5\.0/);
    expect(content).toContain('MNIST test accuracy 99.64% (99.62% with the bundled uint8 weights), previously 99.36%');
    expect(content).not.toContain('Breaking');
  });

  it('is a major changeset naming the old and new signature', () => {
    const { content } = createReleaseChangeset({ ...base, bump: 'major', signatureChange: { from: '[null,28,28,1] -> [null,10]', to: '[null,784] -> [null,10]' } });
    expect(content).toMatch(/^---\n"@mnist\/infer": major\n---/);
    expect(content).toContain('**Breaking:** the model\'s input/output signature changed from `[null,28,28,1] -> [null,10]` to `[null,784] -> [null,10]`');
  });
});
