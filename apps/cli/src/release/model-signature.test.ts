import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { embeddedTopology, formatSignature, sameSignature, shippedSignature, signatureOf } from './model-signature.js';
import { ReleaseSetupError } from './release-errors.js';

let dir: string;
beforeAll(async () => {
  await tf.setBackend('cpu');
  dir = await mkdtemp(join(tmpdir(), 'model-signature-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

function imageModel(): tf.LayersModel {
  return tf.sequential({ layers: [tf.layers.flatten({ inputShape: [28, 28, 1] }), tf.layers.dense({ units: 10, activation: 'softmax' })] });
}

describe('model signatures', () => {
  it('formats and compares input/output shapes', () => {
    const model = imageModel();
    const signature = signatureOf(model);
    model.dispose();
    expect(formatSignature(signature)).toBe('[null,28,28,1] -> [null,10]');
    expect(sameSignature(signature, { input: [null, 28, 28, 1], output: [null, 10] })).toBe(true);
    expect(sameSignature(signature, { input: [null, 784], output: [null, 10] })).toBe(false);
  });

  it('reads the shipped signature from the topology in default-model.bin, without leaking tensors', async () => {
    const model = imageModel();
    const topology = model.toJSON(undefined, false) as object;
    model.dispose();
    const infer = join(dir, 'infer');
    await mkdir(join(infer, 'src', 'model'), { recursive: true });
    const json = Buffer.from(JSON.stringify({ modelTopology: topology, weightSpecs: [] }));
    const length = Buffer.alloc(4);
    length.writeUInt32LE(json.length, 0);
    const file = Buffer.concat([Buffer.from('MNISTLM1'), length, json, Buffer.alloc(16)]);
    await writeFile(join(infer, 'src', 'model', 'default-model.bin'), file);
    expect(embeddedTopology(file)).toEqual(topology);
    expect(embeddedTopology(Buffer.from('<!doctype html>'))).toBeUndefined();
    const before = tf.memory().numTensors;
    expect(await shippedSignature(infer, tf)).toEqual({ input: [null, 28, 28, 1], output: [null, 10] });
    expect(tf.memory().numTensors).toBe(before);
  });

  it('prefers the signature a release recorded in manifest.json', async () => {
    const infer = join(dir, 'released');
    await mkdir(join(infer, 'src', 'model'), { recursive: true });
    await writeFile(join(infer, 'src', 'model', 'manifest.json'), JSON.stringify({ signature: { input: [null, 784], output: [null, 10] } }));
    expect(await shippedSignature(infer, tf)).toEqual({ input: [null, 784], output: [null, 10] });
  });

  it('fails with ReleaseSetupError when neither is there', async () => {
    await expect(shippedSignature(join(dir, 'nothing'), tf)).rejects.toThrow(ReleaseSetupError);
  });
});
