import { describe, expect, it } from 'vitest';
import { ModelCorruptError } from './errors.js';
import { bundledModelArtifacts, expectedWeightBytes, handlesThickStrokes, readBundledModel } from './load-model-artifacts.js';
import { BUNDLED_MODEL_MANIFEST as MANIFEST } from './load-recognizer.js';
import { decodeModelFile } from './model/model-file.js';

describe('bundledModelArtifacts', () => {
  it('reads the bundled model file from disk in Node and decodes it, matching its manifest', async () => {
    const bytes = await readBundledModel();
    expect(bytes.length).toBe(MANIFEST.file?.bytes);
    const artifacts = await bundledModelArtifacts(bytes, MANIFEST);
    expect((artifacts.weightData as ArrayBuffer).byteLength).toBe(MANIFEST.weights.bytes);
    expect(expectedWeightBytes(decodeModelFile(bytes, 'test').weightSpecs)).toBe(MANIFEST.weights.bytes);
  });

  it('refuses a truncated copy', async () => {
    const bytes = await readBundledModel();
    const truncated = bytes.subarray(0, bytes.length - 1000);
    await expect(bundledModelArtifacts(truncated, MANIFEST)).rejects.toThrow(ModelCorruptError);
    await expect(bundledModelArtifacts(truncated, MANIFEST)).rejects.toThrow(
      new RegExp(`${MANIFEST.weights.bytes - 1000} bytes where the manifest says`),
    );
  });

  it('refuses an altered copy (same size, different bytes)', async () => {
    const altered = (await readBundledModel()).slice();
    altered[altered.length - 100]! ^= 0xff;
    await expect(bundledModelArtifacts(altered, MANIFEST)).rejects.toThrow(/hash to [0-9a-f]{64}, not the manifest's/);
  });

  it('refuses an HTML page served in its place, saying what came back', async () => {
    const html = new TextEncoder().encode('<!doctype html><html></html>');
    await expect(bundledModelArtifacts(html, MANIFEST)).rejects.toThrow(/3c 21 64 6f .*HTML page/);
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
