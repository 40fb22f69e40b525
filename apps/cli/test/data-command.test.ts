import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DATASETS } from '@mnist/data';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

describe('mnist data', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'mnist-data-cmd-'));
    writeFileSync(join(dir, 't10k-images-idx3-ubyte'), Buffer.from([0, 0, 8, 3, 0, 0, 0, 1]));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('info: source, counts, class histogram and verified checksums', async () => {
    const r = await runCli(['data', 'info']).done;
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Dataset: mnist');
    expect(r.stdout).toMatch(/Source: +package:/);
    expect(r.stdout).toContain('60,000 train, 10,000 test');
    expect(r.stdout).toContain('SHA-256 of all 4 files verified');
    for (const sha of Object.values(DATASETS.mnist.sha256)) expect(r.stdout).toContain(sha);
    // one histogram line per class with the published train and test counts
    DATASETS.mnist.classCounts.train.forEach((n, k) => {
      const test = DATASETS.mnist.classCounts.test[k]!;
      expect(r.stdout).toMatch(new RegExp(`\\n {2}${k} +${n.toLocaleString('en-US')} +${test.toLocaleString('en-US')} +#+\\n`));
    });
    const json = await runCli(['data', 'info', '--json']).done;
    const info = JSON.parse(json.stdout) as { classCounts: { train: number[]; test: number[] }; checksumsVerified: boolean; counts: { test: number } };
    expect(info.classCounts).toEqual(DATASETS.mnist.classCounts);
    expect(info.checksumsVerified).toBe(true);
    expect(info.counts.test).toBe(10_000);
  });

  it('show: draws a test digit with its label (characters without colour)', async () => {
    const r = await runCli(['data', 'show', '0']).done;
    expect(r.code).toBe(0);
    const [title, ...art] = r.stdout.split('\n').slice(0, -1);
    expect(title).toBe('mnist test #0: label 7');
    expect(art).toHaveLength(28);
    expect(art.every((line) => line.length === 56)).toBe(true);
    expect(art.join('')).toMatch(/@@/);
    const json = JSON.parse((await runCli(['data', 'show', '0', '--json']).done).stdout) as { label: number; pixels: number[] };
    expect(json.label).toBe(7);
    // the drawing is the pixels: a cell is blank exactly where the pixel is dark
    json.pixels.forEach((v, i) => {
      const cell = art[Math.floor(i / 28)]![(i % 28) * 2];
      if (v === 0) expect(cell).toBe(' ');
      if (v === 255) expect(cell).toBe('@');
    });
    const train = await runCli(['data', 'show', '59999', '--split', 'train']).done;
    expect(train.code).toBe(0);
    expect(train.stdout).toMatch(/^mnist train #59999: label \d\n/);
  });

  it('usage errors exit 2 and name the argument; a bad --data-dir exits 1 naming the flag', async () => {
    const range = await runCli(['data', 'show', '10000']).done;
    expect(range.code).toBe(2);
    expect(range.stderr).toContain('the test split has images 0..9999');
    const notNumber = await runCli(['data', 'show', 'seven']).done;
    expect(notNumber.code).toBe(2);
    expect(notNumber.stderr).toContain('<index> expects a non-negative integer');
    const split = await runCli(['data', 'show', '1', '--split', 'validation']).done;
    expect(split.code).toBe(2);
    expect(split.stderr).toContain('--split expects one of train, test');
    const sub = await runCli(['data', 'list']).done;
    expect(sub.code).toBe(2);
    expect(sub.stderr).toContain('Unknown subcommand "list"');
    const dataset = await runCli(['data', 'info', '--dataset', 'cifar']).done;
    expect(dataset.code).toBe(2);
    expect(dataset.stderr).toContain('--dataset expects one of mnist, fashion-mnist');
    const badDir = await runCli(['data', 'info', '--data-dir', dir]).done;
    expect(badDir.code).toBe(1);
    expect(badDir.stderr).toContain(`--data-dir ${dir}`);
    expect(badDir.stderr).toContain('To fix: pass --data-dir a directory holding the four IDX files');
    expect(badDir.stderr).not.toContain('loadMnist(');
    expect(badDir.stderr).not.toMatch(/\n\s+at /);
  });

  it('--help documents both subcommands with examples', async () => {
    const r = await runCli(['data', '--help']).done;
    expect(r.code).toBe(0);
    for (const text of ['mnist data info', 'mnist data show <index>', '--split', '--dataset', 'Examples:']) expect(r.stdout).toContain(text);
  });
});
