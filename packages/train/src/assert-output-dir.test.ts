import { mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { assertOutputDir, type OutputKind } from './assert-output-dir.js';
import { OutputDirError } from './errors/index.js';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'assert-output-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const failure = (promise: Promise<unknown>) => promise.then(() => undefined, (e: unknown) => e as OutputDirError);

describe('assertOutputDir', () => {
  it('accepts a new directory and an empty one (desktop litter aside), creating nothing', async () => {
    expect(await assertOutputDir(join(root, 'new', 'model'))).toEqual({ dir: join(root, 'new', 'model'), exists: false, replaces: [] });
    await mkdir(join(root, 'empty'));
    await writeFile(join(root, 'empty', '.DS_Store'), '');
    expect(await assertOutputDir(join(root, 'empty'))).toEqual({ dir: join(root, 'empty'), exists: true, replaces: [] });
    expect((await readdir(root)).sort()).toEqual(['empty']);
  });

  it('refuses the current directory of a repository (., a dotfile, a README) without touching it, even with overwrite', async () => {
    const repo = join(root, 'repo');
    await mkdir(join(repo, '.git'), { recursive: true });
    await writeFile(join(repo, 'README.md'), '# hi');
    const before = await stat(repo);
    const error = await failure(assertOutputDir(join(repo, '.'), { overwrite: true }));
    expect(OutputDirError.isInstance(error)).toBe(true);
    expect(error?.reason).toBe('not-empty');
    expect(error?.entries).toEqual(['.git', 'README.md']);
    expect(error?.message).toMatch(/\.git, README\.md/);
    const after = await stat(repo);
    expect([after.mtimeMs, after.ino, after.mode]).toEqual([before.mtimeMs, before.ino, before.mode]);
  });

  it('names at most a few entries of a large directory', async () => {
    for (let i = 0; i < 9; i++) await writeFile(join(root, `photo-${i}.jpg`), '');
    const error = await failure(assertOutputDir(root));
    expect(error?.entries).toHaveLength(9);
    expect(error?.message).toContain('and 3 more');
  });

  it('tells a previous output (replaced with overwrite) from foreign files, for any kind of output', async () => {
    const report: OutputKind = { label: 'a report', isOutputEntry: (name) => name === 'report.html' || /^report-.*\.svg$/.test(name) };
    await writeFile(join(root, 'report.html'), '');
    await writeFile(join(root, 'report-loss.svg'), '');
    const held = await failure(assertOutputDir(root, { kind: report }));
    expect(held?.reason).toBe('holds-output');
    expect(held?.entries).toEqual(['report-loss.svg', 'report.html']);
    expect(await assertOutputDir(root, { kind: report, overwrite: true })).toMatchObject({ exists: true, replaces: ['report-loss.svg', 'report.html'] });
    // A model directory is someone else's content for a report directory.
    await writeFile(join(root, 'model.json'), '{}');
    expect((await failure(assertOutputDir(root, { kind: report, overwrite: true })))?.entries).toEqual(['model.json']);
  });

  it('allows a model directory holding only a checkpoint (a run in progress)', async () => {
    await mkdir(join(root, 'checkpoint'));
    expect(await assertOutputDir(root)).toMatchObject({ exists: true, replaces: [] });
  });
});
