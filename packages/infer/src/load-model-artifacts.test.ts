import { describe, expect, it } from 'vitest';
import { ModelCorruptError } from './errors.js';
import { bundledModelArtifacts, expectedWeightBytes, handlesThickStrokes } from './load-model-artifacts.js';
import { DEFAULT_MODEL } from './model/default-model.js';

describe('bundledModelArtifacts', () => {
  it('decodes the bundled model, matching its manifest', async () => {
    const artifacts = await bundledModelArtifacts(DEFAULT_MODEL);
    expect((artifacts.weightData as ArrayBuffer).byteLength).toBe(DEFAULT_MODEL.manifest.weights.bytes);
    expect(expectedWeightBytes(DEFAULT_MODEL.weightSpecs)).toBe(DEFAULT_MODEL.manifest.weights.bytes);
  });

  it('refuses a truncated copy', async () => {
    const truncated = { ...DEFAULT_MODEL, weightsBase64: DEFAULT_MODEL.weightsBase64.slice(0, 4000) };
    await expect(bundledModelArtifacts(truncated)).rejects.toThrow(ModelCorruptError);
    await expect(bundledModelArtifacts(truncated)).rejects.toThrow(/3000 bytes where the manifest says/);
  });

  it('refuses an altered copy (same size, different bytes)', async () => {
    const b64 = DEFAULT_MODEL.weightsBase64;
    const flipped = b64[100] === 'A' ? 'B' : 'A';
    const altered = { ...DEFAULT_MODEL, weightsBase64: b64.slice(0, 100) + flipped + b64.slice(101) };
    await expect(bundledModelArtifacts(altered)).rejects.toThrow(/hash to [0-9a-f]{64}, not the manifest's/);
  });
});

describe('handlesThickStrokes (from metadata.json)', () => {
  it('is true only when training thickened strokes by at least one pixel', () => {
    const meta = (stroke: unknown) => ({ hyperparameters: { augment: { rotation: 10, stroke } } });
    expect(handlesThickStrokes(meta({ thin: 0.5, thicken: 1.5 }))).toBe(true);
    expect(handlesThickStrokes(meta(1))).toBe(true);
    expect(handlesThickStrokes(meta({ thin: 0.5, thicken: 0.5 }))).toBe(false);
    expect(handlesThickStrokes(meta(undefined))).toBe(false);
    expect(handlesThickStrokes({ hyperparameters: { augment: false } })).toBe(false);
    expect(handlesThickStrokes({})).toBe(false);
    expect(handlesThickStrokes(null)).toBe(false);
  });
});
