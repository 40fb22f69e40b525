import type { ModelManifest } from '@mnist/infer';
import { describe, expect, it } from 'vitest';
import { describeModel } from './model-facts';

const manifest: ModelManifest = {
  formatVersion: 1,
  architecture: 'cnn-bn',
  parameters: 63466,
  quantization: 'uint8',
  sourceFiles: [],
  weights: { bytes: 64000, sha256: 'c7108b40954490625c4e5a8fa01f43929b0bc873b44934326793cccf8bafa7c1' },
  metrics: { testAccuracy: 0.9931, testCount: 10000 },
  createdAt: '2026-11-22T05:46:20.133Z',
};

describe('describeModel', () => {
  it('describes the bundled model from its manifest', () => {
    const facts = describeModel({ backend: 'wasm', model: { source: 'bundled', architecture: 'cnn-bn', testAccuracy: 0.9931 } }, manifest);
    expect(facts).toEqual({
      backend: 'wasm',
      version: '#c7108b40',
      createdOn: '2026-11-22',
      architecture: 'cnn-bn',
      testAccuracy: 0.9931,
      testCount: 10000,
      sizeBytes: 64000,
      parameters: 63466,
      quantization: 'uint8',
    });
  });

  it('does not attribute the bundled manifest to a model loaded from a URL', () => {
    const facts = describeModel({ backend: 'cpu', model: { source: 'https://example.com/model.json' } }, manifest);
    expect(facts).toEqual({ backend: 'cpu' });
  });

  it('shows the release version the recogniser reports, for the bundled model and a hosted one', () => {
    const bundled = describeModel({ backend: 'webgl', model: { source: 'bundled', version: '1.2.0' } }, manifest);
    expect(bundled.version).toBe('v1.2.0');
    const hosted = describeModel(
      { backend: 'wasm', model: { source: 'https://example.com/m/', version: '2.0.0', parameters: 1234, architecture: 'cnn-bn' } },
      manifest,
    );
    expect(hosted).toEqual({ backend: 'wasm', version: 'v2.0.0', architecture: 'cnn-bn', parameters: 1234 });
  });
});
