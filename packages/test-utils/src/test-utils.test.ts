import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestRng } from './create-rng.js';
import { drawRing } from './draw-ring.js';
import { readIdx, writeIdx } from './idx.js';
import { type LoopbackServer, startLoopbackServer, startStaticServer } from './loopback-server.js';
import { MNIST_TEST_COUNT, mnistTestDigit, readMnistTestSet } from './mnist-test-set.js';

describe('createTestRng', () => {
  it('repeats a sequence for a seed and differs between seeds', () => {
    const take = (seed: number) => Array.from({ length: 5 }, createTestRng(seed));
    expect(take(7)).toEqual(take(7));
    expect(take(7)).not.toEqual(take(8));
    expect(take(7).every((v) => v >= 0 && v < 1)).toBe(true);
  });
});

describe('writeIdx / readIdx', () => {
  it('writes the IDX header by the format, and reads it back', () => {
    const bytes = writeIdx([1, 2, 3, 4, 5, 6], [2, 3]);
    expect(Array.from(bytes.subarray(0, 12))).toEqual([0, 0, 8, 2, 0, 0, 0, 2, 0, 0, 0, 3]);
    expect(readIdx(bytes)).toEqual({ shape: [2, 3], data: Uint8Array.from([1, 2, 3, 4, 5, 6]) });
  });
  it('refuses a shape that does not match the data, and a truncated file', () => {
    expect(() => writeIdx([1, 2], [3])).toThrow(/expected 3 values for shape \[3\], found 2/);
    expect(() => readIdx(writeIdx([1, 2, 3], [3]).subarray(0, 9), 'cut')).toThrow(/cut: expected 11 bytes/);
  });
});

describe('readMnistTestSet', () => {
  it('reads 10,000 labelled test digits (the first is a 7)', () => {
    const { images, labels, count } = readMnistTestSet();
    expect(count).toBe(MNIST_TEST_COUNT);
    expect(labels.length).toBe(MNIST_TEST_COUNT);
    expect(labels[0]).toBe(7);
    expect(mnistTestDigit(images, 0).data.some((v) => v > 200)).toBe(true);
  });
});

describe('drawRing', () => {
  it('draws dark ink on a white page only near the ring', () => {
    const page = drawRing(40, 40, 20, 20, 12, 3);
    expect(page[20 * 40 + 20]).toBe(255);
    expect(page[(20 - 12) * 40 + 20]).toBeLessThan(50);
  });
});

describe('loopback servers', () => {
  let dir: string;
  let servers: LoopbackServer[] = [];
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'test-utils-'));
    await writeFile(join(dir, 'index.html'), '<p>hi</p>');
  });
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.close()));
    servers = [];
    await rm(dir, { recursive: true, force: true });
  });
  it('serves a handler on 127.0.0.1 and closes even with a stalled response open', async () => {
    const stalled = await startLoopbackServer((_request, response) => response.write('partial'));
    expect(stalled.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const response = await fetch(`${stalled.origin}/`);
    expect(response.status).toBe(200);
    await stalled.close();
  });
  it('serves a folder, index.html for /, 404 for missing files and nothing above the folder', async () => {
    const site = await startStaticServer(dir);
    servers.push(site);
    expect(await (await fetch(`${site.origin}/`)).text()).toBe('<p>hi</p>');
    expect((await fetch(`${site.origin}/missing.js`)).status).toBe(404);
    expect((await fetch(`${site.origin}/..%2f..%2fetc%2fpasswd`)).status).toBe(404);
  });
});
