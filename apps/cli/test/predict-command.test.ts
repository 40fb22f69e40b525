import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Readable, Writable } from 'node:stream';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blank, encodeJpeg, row, encodePgm, encodePng, litByLamp, mnistTest, photoOfDigit, scanOfDigit } from './draw-test-images.js';
import { main } from '../src/main.js';
import { runCli } from './run-cli.js';

/** MNIST test images 0, 1, 2 are a 7, a 2 and a 1: clear digits every model gets right. */
const DIGITS = [0, 1, 2] as const;

describe('mnist predict', () => {
  let dir: string;
  let labels: number[];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mnist-predict-'));
    const test = await mnistTest();
    labels = DIGITS.map((i) => test.labels[i]!);
    // Different sizes and formats: a PNG scan, a JPEG "photo", binary and ASCII PGM.
    writeFileSync(join(dir, 'seven.png'), encodePng(scanOfDigit(test.images, 0, 8, 48)));
    writeFileSync(join(dir, 'two.jpg'), encodeJpeg(scanOfDigit(test.images, 1, 20, 120)));
    writeFileSync(join(dir, 'one.pgm'), encodePgm(scanOfDigit(test.images, 2, 4, 20), 'P5'));
    writeFileSync(join(dir, 'seven-ascii.pgm'), encodePgm(scanOfDigit(test.images, 0, 2, 10), 'P2'));
    writeFileSync(join(dir, 'photo.jpg'), encodeJpeg(photoOfDigit(test.images, 1), 85));
    writeFileSync(join(dir, 'blank.png'), encodePng(blank()));
    writeFileSync(join(dir, 'lamp-seven.jpg'), encodeJpeg(litByLamp(scanOfDigit(test.images, 0, 12, 400)), 80));
    writeFileSync(join(dir, 'lamp-blank.jpg'), encodeJpeg(litByLamp(blank(1200, 900)), 80));
    writeFileSync(join(dir, 'notes.txt'), 'this is not an image\n');
    const png = encodePng(scanOfDigit(test.images, 0));
    writeFileSync(join(dir, 'corrupt.png'), png.subarray(0, Math.floor(png.length / 2)));
    mkdirSync(join(dir, 'folder.png'));
    mkdirSync(join(dir, 'not-a-model'));
    writeFileSync(join(dir, 'not-a-model', 'readme.txt'), 'no model here');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('recognises PNG, JPEG and PGM (P5 and P2) scans of any size with the bundled model', async () => {
    const r = await runCli(['predict', 'seven.png', 'two.jpg', 'one.pgm', 'seven-ascii.pgm', '--json'], { cwd: dir }).done;
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const records = JSON.parse(r.stdout) as { file: string; digit: number; confidence: number; top: { digit: number; probability: number }[] }[];
    expect(records.map((x) => x.file)).toEqual(['seven.png', 'two.jpg', 'one.pgm', 'seven-ascii.pgm']);
    expect(records.map((x) => x.digit)).toEqual([labels[0], labels[1], labels[2], labels[0]]);
    for (const x of records) {
      expect(x.top).toHaveLength(3);
      expect(x.top[0]!.digit).toBe(x.digit);
      expect(x.top[0]!.probability).toBe(x.confidence);
      expect(x.top[0]!.probability).toBeGreaterThanOrEqual(x.top[1]!.probability);
      expect(x.confidence).toBeGreaterThan(0.5);
    }
  });

  it('recognises a large, unevenly lit, noisy JPEG photo', async () => {
    const r = await runCli(['predict', 'photo.jpg', '--json'], { cwd: dir }).done;
    expect(r.code).toBe(0);
    const [record] = JSON.parse(r.stdout) as { digit: number }[];
    expect(record!.digit).toBe(labels[1]);
  });

  it('a photo lit by a lamp (paper 45% darker in one corner): the digit, not the shadow; a blank one: no digit', async () => {
    const r = await runCli(['predict', 'lamp-seven.jpg', 'lamp-blank.jpg', '--json'], { cwd: dir }).done;
    expect(r.code).toBe(1);
    const [seven, empty] = JSON.parse(r.stdout) as { digit: number | null; confidence: number; reason?: string }[];
    expect(seven!.digit).toBe(labels[0]);
    expect(seven!.confidence).toBeGreaterThan(0.5);
    expect(empty!.digit).toBeNull();
    expect(empty!.reason).toMatch(/blank|uniform/);
  });

  it('prints digit, confidence and the top 3 as text', async () => {
    const r = await runCli(['predict', 'seven.png'], { cwd: dir }).done;
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^seven\\.png {2}${labels[0]} +\\d+\\.\\d% {3}top 3: ${labels[0]} \\d+\\.\\d%, \\d \\d+\\.\\d%, \\d \\d+\\.\\d%\\n$`));
  });

  it('an image with no ink: "no digit found", digit null, exit 1', async () => {
    const r = await runCli(['predict', 'blank.png', '--json'], { cwd: dir }).done;
    expect(r.code).toBe(1);
    const [record] = JSON.parse(r.stdout) as { digit: number | null; reason: string }[];
    expect(record!.digit).toBeNull();
    expect(record!.reason).toBeTruthy();
    const text = await runCli(['predict', 'blank.png'], { cwd: dir }).done;
    expect(text.code).toBe(1);
    expect(text.stdout).toContain('no digit found');
  });

  it('bad files are named with the fix, the good ones are still recognised, exit 1', async () => {
    const r = await runCli(['predict', 'notes.txt', 'corrupt.png', 'folder.png', 'missing.png', 'seven.png'], { cwd: dir }).done;
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('notes.txt: expected a PNG, JPEG or PGM image');
    expect(r.stderr).toMatch(/corrupt\.png: looks like a PNG but cannot be decoded: the file is truncated or damaged\. Re-export/);
    expect(r.stderr).not.toMatch(/unexpected|Cannot read properties|zlib|inflate/i); // the decoder's own words stay out
    expect(r.stderr).toContain('folder.png is a directory, expected an image file');
    expect(r.stderr).toContain('missing.png does not exist');
    // Files that could not be read are counted apart from images that held no digit.
    expect(r.stderr).toContain('4 files could not be read');
    expect(r.stderr).not.toContain('gave no');
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace without --verbose
    expect(r.stdout).toMatch(new RegExp(`seven\\.png {2}${labels[0]} `));
  });

  it('a model directory that is not a model, or no image at all: clear message, non-zero exit', async () => {
    const notModel = await runCli(['predict', 'seven.png', '--model-dir', 'not-a-model'], { cwd: dir }).done;
    expect(notModel.code).toBe(1);
    expect(notModel.stderr).toContain('not-a-model is not a model directory: it has no model.json');
    const none = await runCli(['predict'], { cwd: dir }).done;
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('expects at least one image file');
    const badTop = await runCli(['predict', 'seven.png', '--top', '11'], { cwd: dir }).done;
    expect(badTop.code).toBe(2);
    expect(badTop.stderr).toContain('--top expects at most 10');
  });

  it('--help shows the flags and examples', async () => {
    const r = await runCli(['predict', '--help']).done;
    expect(r.code).toBe(0);
    for (const text of ['--model-dir', '--json', '--top', 'Examples:', 'PGM']) expect(r.stdout).toContain(text);
  });

  it('in-process: results and errors in argument order, - reads standard input, several digits point to mnist read', async () => {
    const test = await mnistTest();
    writeFileSync(join(dir, 'number.png'), encodePng(row([scanOfDigit(test.images, 0, 4, 20), scanOfDigit(test.images, 1, 4, 20), scanOfDigit(test.images, 2, 4, 20)], 30)));
    const stdin = Readable.from([readFileSync(join(dir, 'seven.png'))]);
    let out = '';
    const both: string[] = [];
    const sink = (tag: string) => new Writable({ write: (chunk, _e, cb) => { both.push(`${tag}${String(chunk)}`); if (tag === 'out:') out += String(chunk); cb(); } });
    const code = await main(['predict', 'missing.png', '-', 'number.png', 'corrupt.png'], { stdout: sink('out:'), stderr: sink('err:'), stdin, env: { NO_COLOR: '1' }, cwd: dir });
    expect(code).toBe(1);
    const lines = both.join('').split('\n');
    const at = (pattern: RegExp) => lines.findIndex((line) => pattern.test(line));
    const positions = [at(/missing\.png does not exist/), at(/^out:- /), at(/number\.png +not one digit/), at(/corrupt\.png: looks like a PNG/)];
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(out).toMatch(new RegExp(`^- +${labels[0]} `, 'm'));
    expect(lines.filter((line) => line.startsWith('out:') || line.startsWith('err:')).length).toBeGreaterThan(0);
    expect(out).toMatch(/number\.png +not one digit: it looks like several digits \("721"\): use mnist read number\.png/);
    expect(both.at(-1)).toContain('1 of 2 images gave no single digit; 2 files could not be read.');
  });
});
