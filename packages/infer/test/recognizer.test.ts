import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BackendUnavailableError,
  BUNDLED_MODEL_MANIFEST,
  type Classification,
  DataLengthError,
  InvalidSizeError,
  loadRecognizer,
  ModelCorruptError,
  ModelNotFoundError,
  NonFinitePixelError,
  type Recognizer,
  RecognizerDisposedError,
  UnsupportedInputError,
} from '../src/index.js';
import { bundledModelInfo } from '../src/load-recognizer.js';
import { type LoopbackServer, mnistTestDigit, readMnistTestSet, startLoopbackServer } from '@mnist/test-utils';

const { images, labels } = readMnistTestSet();
let recognizer: Recognizer;
let server: LoopbackServer;
let baseUrl: string;
let modelDir: string;

/** Writes a tiny valid tfjs layers model directory (Dense 784 -> 10) the way `mnist train` lays it out. */
async function writeModelDir(dir: string): Promise<void> {
  const model = tf.sequential({
    layers: [tf.layers.flatten({ inputShape: [28, 28, 1] }), tf.layers.dense({ units: 10, activation: 'softmax' })],
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
        JSON.stringify({ architecture: 'dense-test', parameters: 7850, test: { accuracy: 0.9, count: 10000 }, modelVersion: '0.9.0' }),
      );
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  model.dispose();
}

/** The app's own tfjs backend, chosen before any recogniser is loaded (the wasm one @mnist/infer brings needs an await). */
const APP_BACKEND = 'cpu';

beforeAll(async () => {
  await tf.setBackend(APP_BACKEND);
  recognizer = await loadRecognizer();
  modelDir = mkdtempSync(join(tmpdir(), 'infer-model-'));
  await writeModelDir(modelDir);
  const truncated = readFileSync(join(modelDir, 'group1-shard1of1.bin')).subarray(0, 100);
  server = await startLoopbackServer((req, res) => {
    const path = req.url ?? '/';
    if (path.startsWith('/good/')) {
      try {
        res.end(readFileSync(join(modelDir, path.slice('/good/'.length))));
      } catch {
        res.statusCode = 404;
        res.end();
      }
    } else if (path === '/truncated/model.json') res.end(readFileSync(join(modelDir, 'model.json')));
    else if (path === '/truncated/group1-shard1of1.bin') res.end(truncated);
    else if (path === '/garbled/model.json') res.end('{"modelTopology": {');
    else {
      res.statusCode = 404;
      res.end('not found');
    }
  });
  baseUrl = server.origin;
});

afterAll(async () => {
  recognizer.dispose();
  await server.close();
  rmSync(modelDir, { recursive: true, force: true });
});

describe('loadRecognizer', () => {
  it('uses the bundled model on a visible backend (wasm here: tfjs-node does not load)', () => {
    expect(['tensorflow', 'wasm', 'cpu']).toContain(recognizer.backend);
    expect(recognizer.model.source).toBe('bundled');
  });

  it('describes the bundled model: content id, architecture, parameters, accuracy, and version once released', () => {
    const manifest = BUNDLED_MODEL_MANIFEST;
    expect(recognizer.model).toMatchObject({
      id: `sha256-${manifest.weights.sha256.slice(0, 16)}`,
      architecture: manifest.architecture,
      parameters: manifest.parameters,
    });
    const released = bundledModelInfo({ ...manifest, modelVersion: '1.4.0', modelId: 'sha256-0123456789abcdef' } as typeof manifest);
    expect(released.version).toBe('1.4.0');
    expect(released.id).toBe('sha256-0123456789abcdef');
    const unversioned = { ...manifest } as typeof manifest & { modelVersion?: string };
    delete unversioned.modelVersion;
    expect(bundledModelInfo(unversioned).version).toBeUndefined();
  });

  it('loads a model directory from a URL and from a path', async () => {
    const fromUrl = await loadRecognizer({ modelUrl: `${baseUrl}/good/` });
    const result = await fromUrl.classify(mnistTestDigit(images, 0));
    expect(result.probabilities).toHaveLength(10);
    expect(fromUrl.model).toEqual({
      source: `${baseUrl}/good/`,
      architecture: 'dense-test',
      parameters: 7850,
      testAccuracy: 0.9,
      version: '0.9.0',
    });
    fromUrl.dispose();
    const fromPath = await loadRecognizer({ modelUrl: modelDir });
    expect(fromPath.model.source).toBe(modelDir);
    fromPath.dispose();
  });

  it('throws ModelNotFoundError for a URL that 404s and a missing directory', async () => {
    await expect(loadRecognizer({ modelUrl: `${baseUrl}/missing/model.json` })).rejects.toThrow(ModelNotFoundError);
    await expect(loadRecognizer({ modelUrl: `${baseUrl}/missing/` })).rejects.toThrow(/HTTP 404/);
    await expect(loadRecognizer({ modelUrl: join(modelDir, 'nope') })).rejects.toThrow(ModelNotFoundError);
  });

  it('throws ModelCorruptError for truncated weights and a garbled model.json', async () => {
    await expect(loadRecognizer({ modelUrl: `${baseUrl}/truncated/` })).rejects.toThrow(ModelCorruptError);
    await expect(loadRecognizer({ modelUrl: `${baseUrl}/truncated/` })).rejects.toThrow(/truncated/);
    await expect(loadRecognizer({ modelUrl: `${baseUrl}/garbled/` })).rejects.toThrow(/not valid JSON/);
  });

  it("leaves the app's global tfjs backend as it was, while each recogniser runs on its own", async () => {
    expect(recognizer.backend).toBe('wasm');
    expect(tf.getBackend()).toBe(APP_BACKEND);
    const onCpu = await loadRecognizer({ backend: 'cpu' });
    try {
      expect(tf.getBackend()).toBe(APP_BACKEND);
      const digit = mnistTestDigit(images, 0);
      const [a, b] = [await recognizer.classify(digit), await onCpu.classify(digit)];
      expect(a.digit).toBe(labels[0]);
      expect(b.digit).toBe(labels[0]);
      expect(b.confidence).toBeCloseTo(a.confidence, 3);
      // Both keep reporting the backend they really run on.
      expect([recognizer.backend, onCpu.backend]).toEqual(['wasm', 'cpu']);
      const appTensor = tf.tensor([1, 2, 3]);
      expect(tf.getBackend()).toBe(APP_BACKEND);
      appTensor.dispose();
    } finally {
      onCpu.dispose();
    }
    expect(tf.getBackend()).toBe(APP_BACKEND);
  });

  it('throws BackendUnavailableError for a backend that cannot run here', async () => {
    await expect(loadRecognizer({ backend: 'webgl' })).rejects.toThrow(BackendUnavailableError);
    await expect(loadRecognizer({ backend: 'tensorflow' })).rejects.toThrow(/'tensorflow' backend/);
  });
});

describe('classify', () => {
  it('reads an MNIST digit with probabilities summing to 1', async () => {
    const result = await recognizer.classify(mnistTestDigit(images, 0));
    expect(result.digit).toBe(labels[0]);
    expect(result.probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
    expect(result.confidence).toBe(Math.max(...result.probabilities));
  });

  it('returns digit null with a reason for a blank canvas', async () => {
    const result = await recognizer.classify({ data: new Uint8ClampedArray(32 * 32 * 4).fill(255), width: 32, height: 32 });
    expect(result.digit).toBeNull();
    expect(result.reason).toMatch(/blank/);
    expect(result.probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
  });

  it('rejects bad input with typed errors', async () => {
    await expect(recognizer.classify({ data: new Uint8Array(5), width: 2, height: 2, channels: 1 })).rejects.toThrow(DataLengthError);
    await expect(recognizer.classify({ data: new Uint8Array(0), width: 0, height: 0 })).rejects.toThrow(InvalidSizeError);
    await expect(recognizer.classify({ data: new Float32Array(4).fill(Number.NaN), width: 2, height: 2 })).rejects.toThrow(NonFinitePixelError);
    await expect(recognizer.classify(42 as never)).rejects.toThrow(UnsupportedInputError);
  });

  it('classifies batches in input order, blank ones included', async () => {
    const inputs = [0, 1, 2, 3].map((i) => mnistTestDigit(images, i));
    const blank = { data: new Uint8Array(784), width: 28, height: 28 };
    const results = await recognizer.classifyBatch([inputs[0]!, blank, ...inputs.slice(1)]);
    expect(results.map((r) => r.digit)).toEqual([labels[0], null, labels[1], labels[2], labels[3]]);
  });

  it('leaks no tensors over 1,000 calls', async () => {
    await recognizer.classify(mnistTestDigit(images, 0));
    const before = tf.memory().numTensors;
    for (let i = 0; i < 1000; i++) await recognizer.classify(mnistTestDigit(images, i));
    await recognizer.readDigits(mnistTestDigit(images, 1));
    expect(tf.memory().numTensors).toBe(before);
  });

  it('gives the same answers to concurrent calls as to sequential ones', async () => {
    const indices = Array.from({ length: 40 }, (_, i) => i * 7);
    const sequential: Classification[] = [];
    for (const i of indices) sequential.push(await recognizer.classify(mnistTestDigit(images, i)));
    const concurrent = await Promise.all(indices.map((i) => recognizer.classify(mnistTestDigit(images, i))));
    expect(concurrent.map((r) => r.digit)).toEqual(sequential.map((r) => r.digit));
    concurrent.forEach((r, k) => {
      expect(r.confidence).toBeCloseTo(sequential[k]!.confidence, 5);
    });
  });

  it('refuses calls after dispose', async () => {
    const other = await loadRecognizer({ modelUrl: modelDir });
    other.dispose();
    await expect(other.classify(mnistTestDigit(images, 0))).rejects.toThrow(RecognizerDisposedError);
  });
});
