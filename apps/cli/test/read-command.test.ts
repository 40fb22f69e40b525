import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blank, encodeJpeg, encodePgm, encodePng, litByLamp, mnistTest, row, scanOfDigit } from './draw-test-images.js';
import { runCli } from './run-cli.js';

describe('mnist read', () => {
  let dir: string;
  let expected: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mnist-read-'));
    const test = await mnistTest();
    // MNIST test images 0, 1, 2 (7, 2, 1) written side by side as one number.
    const indices = [0, 1, 2];
    expected = indices.map((i) => test.labels[i]).join('');
    writeFileSync(join(dir, 'number.png'), encodePng(row(indices.map((i) => scanOfDigit(test.images, i, 6, 30)))));
    writeFileSync(join(dir, 'number.pgm'), encodePgm(row(indices.map((i) => scanOfDigit(test.images, i, 3, 16)))));
    writeFileSync(join(dir, 'blank.png'), encodePng(blank(400, 120)));
    writeFileSync(join(dir, 'lamp-number.jpg'), encodeJpeg(litByLamp(row(indices.map((i) => scanOfDigit(test.images, i, 10, 120)))), 80));
    writeFileSync(join(dir, 'data.bin'), Buffer.from([1, 2, 3, 4, 5, 6, 7, 8, 9]));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads a row of digits left to right (PNG and PGM)', async () => {
    const r = await runCli(['read', 'number.png'], { cwd: dir }).done;
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toBe(expected);
    expect(lines).toHaveLength(1 + expected.length);
    expect(lines[1]).toMatch(new RegExp(`^ {2}${expected[0]} +\\d+\\.\\d% {2}at x=\\d+ y=\\d+ \\d+x\\d+$`));
    const json = await runCli(['read', 'number.pgm', '--json'], { cwd: dir }).done;
    expect(json.code).toBe(0);
    const reading = JSON.parse(json.stdout) as { text: string; digits: { digit: number; box: { x: number } }[] };
    expect(reading.text).toBe(expected);
    const xs = reading.digits.map((d) => d.box.x);
    expect([...xs].sort((a, b) => a - b)).toEqual(xs);
  });

  it('a photo lit by a lamp: the darker paper in one corner is not read as an extra digit', async () => {
    const r = await runCli(['read', 'lamp-number.jpg', '--json'], { cwd: dir }).done;
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as { text: string }).text).toBe(expected);
  });

  it('no ink: "no digits found", exit 1; not an image: exit 1 naming the file; no file: exit 2', async () => {
    const empty = await runCli(['read', 'blank.png'], { cwd: dir }).done;
    expect(empty.code).toBe(1);
    expect(empty.stderr).toContain('no digits found in blank.png');
    const bad = await runCli(['read', 'data.bin'], { cwd: dir }).done;
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('data.bin: expected a PNG, JPEG or PGM image, found bytes 01 02 03');
    const dirArg = await runCli(['read', '.'], { cwd: dir }).done;
    expect(dirArg.code).toBe(1);
    expect(dirArg.stderr).toContain('. is a directory');
    const none = await runCli(['read'], { cwd: dir }).done;
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('expects one image file');
  });

  it('--help shows examples', async () => {
    const r = await runCli(['read', '--help']).done;
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Examples:');
    expect(r.stdout).toContain('--model-dir');
  });
});
