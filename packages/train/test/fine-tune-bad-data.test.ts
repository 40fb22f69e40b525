import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeIdx } from '@mnist/data';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fineTune, labelledImagesFromArrays, loadIdxPair, loadImageFolder, TransferDataError } from '../src/index.js';
import { drawWriterDigit } from './draw-writer-digits.js';

let root: string;
let n = 0;

/** A fresh folder with the given files (path -> bytes; a path ending in '/' is an empty folder). */
async function folder(files: Record<string, Uint8Array | string>): Promise<string> {
  const dir = join(root, `case-${n++}`);
  for (const [path, bytes] of Object.entries(files)) {
    if (path.endsWith('/')) await mkdir(join(dir, path), { recursive: true });
    else {
      await mkdir(join(dir, path, '..'), { recursive: true });
      await writeFile(join(dir, path), bytes);
    }
  }
  return dir;
}

const digit = (d: number, seed = d) => drawWriterDigit('segments', d, seed);

function blankPng(): Buffer {
  const png = new PNG({ width: 32, height: 32 });
  png.data.fill(255);
  return PNG.sync.write(png);
}

async function rejection(promise: Promise<unknown>): Promise<TransferDataError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(TransferDataError.isInstance(error)).toBe(true);
  expect(error).toBeInstanceOf(TransferDataError);
  expect((error as Error).name).toBe('TransferDataError');
  return error as TransferDataError;
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'mnist-finetune-bad-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('fine-tuning data errors name the file and say what to do', () => {
  it('unreadable image: bytes that are no image', async () => {
    const dir = await folder({ '3/a.png': digit(3), '5/a.png': digit(5), '5/broken.png': 'not a png at all' });
    const error = await rejection(loadImageFolder(dir));
    expect(error.problem).toBe('unreadable-image');
    expect(error.path).toBe(join(dir, '5', 'broken.png'));
    expect(error.message).toContain(join(dir, '5', 'broken.png'));
    expect(error.message).toMatch(/expected .*PNG, JPEG or PGM.*cannot be decoded.*Replace or remove the file/i);
  });

  it('unreadable image: a truncated PNG', async () => {
    const dir = await folder({ '3/a.png': digit(3), '5/cut.png': digit(5).subarray(0, 60) });
    const error = await rejection(loadImageFolder(dir));
    expect(error.problem).toBe('unreadable-image');
    expect(error.path).toBe(join(dir, '5', 'cut.png'));
  });

  it('an image with no digit in it', async () => {
    const dir = await folder({ '3/a.png': digit(3), '5/blank.png': blankPng() });
    const error = await rejection(loadImageFolder(dir));
    expect(error.problem).toBe('blank-image');
    expect(error.path).toBe(join(dir, '5', 'blank.png'));
    expect(error.message).toMatch(/Expected a digit in .*blank\.png, found none \(blank or uniform image.*Remove the file or redraw it/);
  });

  it('an empty class folder (files of other kinds do not count)', async () => {
    const dir = await folder({ '3/a.png': digit(3), '5/notes.txt': 'x', '7/': '' });
    const error = await rejection(loadImageFolder(dir));
    expect(error.problem).toBe('empty-class');
    expect(error.path).toBe(join(dir, '5'));
    expect(error.message).toContain(`Expected images in class folder ${join(dir, '5')}, found none`);
  });

  it('fewer than 2 classes', async () => {
    const dir = await folder({ '3/a.png': digit(3), '3/b.png': digit(3, 9) });
    const error = await rejection(loadImageFolder(dir));
    expect(error.problem).toBe('too-few-classes');
    expect(error.message).toMatch(/Expected at least 2 classes in .*, found 1 \(3\)\. .*add a folder per class/);
    const none = await rejection(loadImageFolder(await folder({ 'readme.txt': 'x' })));
    expect(none.problem).toBe('too-few-classes');
    expect(none.message).toContain('found 0');
  });

  it('a label folder that is not a class of the base model when the head is kept (and fine with a new head)', async () => {
    const dir = await folder({ '3/a.png': digit(3), '3/b.png': digit(3, 11), 'seven/a.png': digit(7), 'seven/b.png': digit(7, 12) });
    const error = await rejection(fineTune({ from: 'bundled', data: dir, backend: 'cpu', epochs: 1 }));
    expect(error.problem).toBe('unknown-class');
    expect(error.path).toBe(join(dir, 'seven'));
    expect(error.message).toMatch(/base model's classes \(0, 1, 2, .*9\), found "seven".*--new-head/);
    const result = await fineTune({ from: 'bundled', data: dir, testData: dir, newHead: true, backend: 'cpu', epochs: 1, batchSize: 4 });
    expect(result.classNames).toEqual(['3', 'seven']);
    expect(result.model.outputs[0]!.shape).toEqual([null, 2]);
    result.model.dispose();
  });

  it('a data path that is not a folder', async () => {
    const file = join(await folder({ 'x.png': digit(1) }), 'x.png');
    const error = await rejection(loadImageFolder(file));
    expect(error.problem).toBe('not-a-directory');
    expect(error.message).toContain('is a file');
    const missing = await rejection(loadImageFolder(join(root, 'nowhere')));
    expect(missing.message).toContain('does not exist');
  });

  it('arrays of the wrong size or with bad labels', async () => {
    const wrongSize = await rejection(Promise.resolve().then(() => labelledImagesFromArrays({ images: new Uint8Array(700), labels: [0], classNames: ['a', 'b'] })));
    expect(wrongSize.problem).toBe('invalid-arrays');
    expect(wrongSize.message).toContain('1 x 784 = 784 pixels for 1 labels, found 700');
    const badLabel = await rejection(Promise.resolve().then(() => labelledImagesFromArrays({ images: new Uint8Array(784 * 2), labels: [0, 5], classNames: ['a', 'b'] })));
    expect(badLabel.message).toContain('labels from 0 to 1');
    const empty = await rejection(Promise.resolve().then(() => labelledImagesFromArrays({ images: new Uint8Array(784 * 2), labels: [0, 0], classNames: ['a', 'b'] })));
    expect(empty.problem).toBe('empty-class');
  });

  it('an IDX pair: a missing file is named; a pair with one class is refused', async () => {
    const dir = await folder({});
    await mkdir(dir, { recursive: true });
    const images = join(dir, 'images-idx3-ubyte');
    const labels = join(dir, 'labels-idx1-ubyte');
    await writeFile(images, encodeIdx(new Uint8Array(2 * 784), [2, 28, 28], 'uint8'));
    const missing = await rejection(loadIdxPair(images, labels));
    expect(missing.problem).toBe('unreadable-image');
    expect(missing.path).toBe(labels);
    await writeFile(labels, encodeIdx(new Uint8Array([4, 4]), [2], 'uint8'));
    const oneClass = await rejection(loadIdxPair(images, labels));
    expect(oneClass.problem).toBe('empty-class');
    expect(oneClass.path).toContain('label 0');
  });
});
