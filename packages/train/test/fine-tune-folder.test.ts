import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadRecognizer, preprocess } from '@mnist/infer';
import * as tf from '@tensorflow/tfjs';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fineTune, loadImageFolder, readMetadata } from '../src/index.js';
import { drawWriterDigit, type Writer } from './draw-writer-digits.js';

let root: string;
const WRITERS: readonly Writer[] = ['segments', 'dots'];

/** `<dir>/<digit>/<n>.png` for both writers (or one), `perClass` images per digit and writer. */
async function writeFolder(dir: string, writers: readonly Writer[], perClass: number, seedOffset: number): Promise<void> {
  for (const writer of writers) {
    for (let digit = 0; digit < 10; digit++) {
      await mkdir(join(dir, String(digit)), { recursive: true });
      for (let i = 0; i < perClass; i++) {
        const seed = seedOffset + digit * 1000 + i * 7 + (writer === 'dots' ? 500 : 0);
        await writeFile(join(dir, String(digit), `${writer}-${i}.png`), drawWriterDigit(writer, digit, seed));
      }
    }
  }
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'mnist-finetune-folder-'));
  await writeFolder(join(root, 'train'), WRITERS, 8, 0);
  for (const writer of WRITERS) await writeFolder(join(root, `held-out-${writer}`), [writer], 5, 100_000);
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** Decoded RGBA pixels of every PNG of a held-out folder, with the digit its folder names. */
async function heldOutImages(writer: Writer): Promise<{ input: { data: Uint8Array; width: number; height: number; channels: 4 }; digit: number }[]> {
  const out = [];
  for (let digit = 0; digit < 10; digit++) {
    for (let i = 0; i < 5; i++) {
      const seed = 100_000 + digit * 1000 + i * 7 + (writer === 'dots' ? 500 : 0);
      const png = PNG.sync.read(drawWriterDigit(writer, digit, seed));
      out.push({ input: { data: new Uint8Array(png.data), width: png.width, height: png.height, channels: 4 as const }, digit });
    }
  }
  return out;
}

async function accuracy(modelUrl: string | undefined, writer: Writer): Promise<number> {
  const recognizer = await loadRecognizer({ backend: 'wasm', ...(modelUrl === undefined ? {} : { modelUrl }) });
  const images = await heldOutImages(writer);
  const results = await recognizer.classifyBatch(images.map((i) => i.input));
  recognizer.dispose();
  return results.filter((r, i) => r.digit === images[i]!.digit).length / images.length;
}

describe('fineTune() on a folder of PNGs in two writers’ styles', () => {
  it('raises accuracy on held-out images of both styles; the model directory loads in @mnist/infer with the same predictions', async () => {
    const outDir = join(root, 'model');
    const result = await fineTune({
      from: 'bundled',
      data: join(root, 'train'),
      testData: join(root, 'held-out-segments'),
      epochs: 6,
      batchSize: 16,
      learningRate: 0.01,
      backend: 'wasm',
      workers: 2,
      outDir,
    });
    expect(result.aborted).toBe(false);
    expect(result.trainCount).toBe(160);
    for (const writer of WRITERS) {
      const before = await accuracy(undefined, writer);
      const after = await accuracy(outDir, writer);
      expect(after, `${writer}: ${before} -> ${after}`).toBeGreaterThan(before);
      expect(after, writer).toBeGreaterThanOrEqual(0.9);
    }

    // Same predictions in @mnist/infer (modelUrl) as the fine-tuned model gives in @mnist/train.
    const images = [...(await heldOutImages('segments')), ...(await heldOutImages('dots'))];
    const recognizer = await loadRecognizer({ backend: 'wasm', modelUrl: outDir });
    const inferred = await recognizer.classifyBatch(images.map((i) => i.input));
    recognizer.dispose();
    const pixels = images.map((i) => preprocess(i.input).pixels);
    const batch = tf.tensor4d(Float32Array.from(pixels.flatMap((p) => Array.from(p))), [pixels.length, 28, 28, 1]);
    const probabilities = result.model.predict(batch) as tf.Tensor2D;
    const rows = probabilities.arraySync();
    tf.dispose([batch, probabilities]);
    rows.forEach((row, i) => {
      expect(inferred[i]!.digit).toBe(row.indexOf(Math.max(...row)));
      for (const [k, p] of inferred[i]!.probabilities.entries()) expect(Math.abs(p - row[k]!)).toBeLessThan(1e-4);
    });
    result.model.dispose();

    // metadata.json records the base, what was frozen and the data.
    const metadata = await readMetadata(outDir);
    const fineTuning = metadata.fineTuning as Record<string, unknown>;
    expect(fineTuning.base).toMatchObject({ source: 'bundled', architecture: 'cnn-bn' });
    expect((fineTuning.base as { version?: string }).version).toMatch(/^\d+\.\d+\.\d+/);
    expect(fineTuning.freeze).toBe('features');
    expect(fineTuning.frozenLayers).toHaveLength(result.model.layers.length - 1);
    expect(fineTuning.data).toMatchObject({ count: 160, classCounts: Object.fromEntries(Array.from({ length: 10 }, (_, d) => [String(d), 16])) });
    expect(metadata.test?.accuracy).toBe(result.test?.accuracy);
  });

  it('reads the folder as @mnist/infer preprocesses each image', async () => {
    const data = await loadImageFolder(join(root, 'held-out-dots'));
    expect(data.classNames).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    expect(data.count).toBe(50);
    const first = (await heldOutImages('dots'))[0]!;
    const expected = preprocess(first.input).pixels;
    expect(Array.from(data.images.subarray(0, 784))).toEqual(Array.from(expected, (v) => Math.round(v * 255)));
  });
});
