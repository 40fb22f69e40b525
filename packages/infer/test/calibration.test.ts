import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { mnistTestDigit as testDigit, readMnistTestSet } from '@mnist/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidOptionError, loadRecognizer } from '../src/index.js';

const { images } = readMnistTestSet();
const TEMPERATURE = 2.5;
let modelDir: string;

/** A small dense model directory whose metadata.json carries a temperature, as `mnist calibrate` writes it. */
async function writeCalibratedModelDir(dir: string): Promise<void> {
  const model = tf.sequential({
    layers: [
      tf.layers.flatten({ inputShape: [28, 28, 1] }),
      tf.layers.dense({ units: 10, activation: 'softmax', kernelInitializer: tf.initializers.randomNormal({ stddev: 0.3, seed: 3 }) }),
    ],
  });
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      writeFileSync(
        join(dir, 'model.json'),
        JSON.stringify({
          modelTopology: artifacts.modelTopology,
          format: 'layers-model',
          weightsManifest: [{ paths: ['group1-shard1of1.bin'], weights: artifacts.weightSpecs }],
        }),
      );
      writeFileSync(join(dir, 'group1-shard1of1.bin'), new Uint8Array(artifacts.weightData as ArrayBuffer));
      writeFileSync(
        join(dir, 'metadata.json'),
        JSON.stringify({ architecture: 'dense-test', calibration: { method: 'temperature', temperature: TEMPERATURE, fittedOn: 'test fixture' } }),
      );
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  model.dispose();
}

beforeAll(async () => {
  modelDir = mkdtempSync(join(tmpdir(), 'infer-calibrated-'));
  await writeCalibratedModelDir(modelDir);
});

afterAll(() => {
  rmSync(modelDir, { recursive: true, force: true });
});

describe('calibration carried by the model', () => {
  it('a model loaded from a directory applies its metadata.json temperature to every answer', async () => {
    const calibrated = await loadRecognizer({ modelUrl: modelDir });
    const raw = await loadRecognizer({ modelUrl: modelDir, calibrated: false });
    expect(calibrated.model.calibration).toEqual({ method: 'temperature', temperature: TEMPERATURE });
    const digits = [0, 1, 2, 3].map((i) => testDigit(images, i));
    const [a, b] = [await calibrated.classifyBatch(digits), await raw.classifyBatch(digits)];
    for (let i = 0; i < digits.length; i++) {
      const logits = b[i]!.probabilities.map((p) => Math.log(p) / TEMPERATURE);
      const max = Math.max(...logits);
      const sum = logits.reduce((s, v) => s + Math.exp(v - max), 0);
      logits.forEach((v, k) => {
        expect(a[i]!.probabilities[k]).toBeCloseTo(Math.exp(v - max) / sum, 5);
      });
      expect(a[i]!.digit).toBe(b[i]!.digit); // the order of classes never changes
    }
    const single = await calibrated.classify(digits[0]!);
    expect(single.confidence).toBeCloseTo(a[0]!.confidence, 6);
    const reading = await calibrated.readDigits(digits[0]!);
    expect(reading.digits[0]!.confidence).toBeCloseTo(a[0]!.confidence, 5);
    calibrated.dispose();
    raw.dispose();
  });

  it('minConfidence withholds unsure answers with a reason and keeps the probabilities', async () => {
    const strict = await loadRecognizer({ modelUrl: modelDir, minConfidence: 1 });
    const result = await strict.classify(testDigit(images, 0));
    expect(result.digit).toBeNull();
    expect(result.reason).toMatch(/unsure: the most likely digit, \d, has confidence 0\.\d{3}, below minConfidence 1/);
    expect(result.confidence).toBe(Math.max(...result.probabilities));
    expect(result.probabilities.reduce((s, p) => s + p, 0)).toBeCloseTo(1, 5);
    const reading = await strict.readDigits(testDigit(images, 0));
    expect(reading.text).toBe('?');
    expect(reading.digits[0]!.digit).toBeNull();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) await strict.classify(testDigit(images, i));
    expect(tf.memory().numTensors).toBe(before);
    strict.dispose();
  });

  it('rejects a minConfidence outside [0, 1] with InvalidOptionError', async () => {
    await expect(loadRecognizer({ modelUrl: modelDir, minConfidence: 1.5 })).rejects.toThrow(InvalidOptionError);
    const error = await loadRecognizer({ modelUrl: modelDir, minConfidence: -1 }).catch((e: unknown) => e);
    expect(InvalidOptionError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/Expected minConfidence to be a number in \[0, 1\], but found -1/);
  });
});
