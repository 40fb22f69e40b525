import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { buildTestSample } from '../scripts/extract-test-sample.mjs';
import { isGzip, loadTestSample, parseTestSample, sampleImage, TestSampleFormatError } from './test-sample';

/** Encodes a tiny sample by hand: `count` digits of 2x3 pixels, pixel value = digit index * 10 + pixel. */
function tinySample(count: number, labels: number[]): Uint8Array {
  const rows = 2;
  const cols = 3;
  const bytes = new Uint8Array(16 + count * 3 + count * rows * cols);
  const view = new DataView(bytes.buffer);
  bytes.set([...'MNS1'].map((c) => c.charCodeAt(0)));
  view.setUint32(4, count);
  view.setUint32(8, rows);
  view.setUint32(12, cols);
  for (let i = 0; i < count; i += 1) {
    view.setUint16(16 + i * 2, 9000 + i);
    bytes[16 + count * 2 + i] = labels[i]!;
    for (let p = 0; p < rows * cols; p += 1) bytes[16 + count * 3 + i * rows * cols + p] = i * 10 + p;
  }
  return bytes;
}

describe('parseTestSample', () => {
  it('decodes indices, labels and images', () => {
    const sample = parseTestSample(tinySample(3, [7, 0, 9]));
    expect(sample).toMatchObject({ count: 3, rows: 2, cols: 3 });
    expect([...sample.indices]).toEqual([9000, 9001, 9002]);
    expect([...sample.labels]).toEqual([7, 0, 9]);
    expect([...sampleImage(sample, 2)]).toEqual([20, 21, 22, 23, 24, 25]);
  });

  it('rejects a wrong magic, a truncated file and labels above 9 with a typed error', () => {
    const wrongMagic = tinySample(1, [1]);
    wrongMagic[0] = 'X'.charCodeAt(0);
    expect(() => parseTestSample(wrongMagic)).toThrow(TestSampleFormatError);
    expect(() => parseTestSample(wrongMagic)).toThrow(/starting with "MNS1", found "XNS1"/);
    const full = tinySample(2, [1, 2]);
    expect(() => parseTestSample(full.subarray(0, full.length - 1))).toThrow(/Expected 34 bytes .* found 33/);
    expect(() => parseTestSample(new Uint8Array(4))).toThrow(/at least 16 bytes/);
    expect(() => parseTestSample(tinySample(1, [12]))).toThrow(/labels 0 to 9, found 12/);
  });
});

describe('loadTestSample', () => {
  it('accepts the gzipped asset and the decompressed bytes alike', async () => {
    const raw = tinySample(2, [4, 5]);
    const zipped = new Uint8Array(gzipSync(raw));
    expect(isGzip(zipped)).toBe(true);
    expect(isGzip(raw)).toBe(false);
    const serve = (body: Uint8Array) => async () => new Response(body as Uint8Array<ArrayBuffer>);
    const fromZip = await loadTestSample('http://x/s', serve(zipped));
    const fromRaw = await loadTestSample('http://x/s', serve(raw));
    expect([...fromZip.labels]).toEqual([4, 5]);
    expect(fromZip.images).toEqual(fromRaw.images);
  });

  it('says what to do when the asset is missing', async () => {
    const notFound = async () => new Response('nope', { status: 404 });
    await expect(loadTestSample('http://x/s', notFound)).rejects.toThrow(/HTTP 404\. Rebuild the demo/);
  });
});

describe('the build-time extraction script', () => {
  it('writes a balanced sample of real MNIST test digits that the page can parse', () => {
    const sample = parseTestSample(buildTestSample({ count: 50 }));
    expect(sample).toMatchObject({ count: 50, rows: 28, cols: 28 });
    const perClass = new Array<number>(10).fill(0);
    for (const label of sample.labels) perClass[label] = perClass[label]! + 1;
    expect(perClass).toEqual(new Array(10).fill(5));
    // Indices are distinct, sorted test-set positions, and every digit has ink.
    expect(new Set(sample.indices).size).toBe(50);
    expect([...sample.indices]).toEqual([...sample.indices].sort((a, b) => a - b));
    for (let i = 0; i < sample.count; i += 1) expect(Math.max(...sampleImage(sample, i))).toBeGreaterThan(200);
    expect(() => buildTestSample({ count: 3 })).toThrow(/between 10 and 10000/);
  });
});
