import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';
import { runInProcess } from './run-in-process.js';

const run = (argv: string[], cwd: string, env: NodeJS.ProcessEnv = {}) => runInProcess(argv, { cwd, env });

/** A quick recipe: an MLP on 200 images for one epoch on the cpu backend. */
const QUICK = ['--model', 'mlp', '--backend', 'cpu', '--workers', '1', '--batch-size', '32', '--limit', '200', '--test-limit', '100', '--epochs', '1'];

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'mnist-out-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

async function snapshot(dir: string) {
  const info = await stat(dir);
  const entries = (await readdir(dir)).sort();
  const contents = await Promise.all(entries.map(async (e) => ((await stat(join(dir, e))).isFile() ? readFile(join(dir, e), 'utf8') : '<dir>')));
  return { ino: info.ino, mode: info.mode, mtimeMs: info.mtimeMs, entries, contents };
}

describe('mnist train --out never harms files that are not its own', () => {
  it('refuses a non-empty folder of someone else, with or without --overwrite, leaving it untouched (contents, mode, inode)', async () => {
    const photos = join(root, 'photos');
    await mkdir(photos, { mode: 0o755 });
    await writeFile(join(photos, 'seven.png'), 'my drawing');
    await writeFile(join(photos, 'notes.txt'), 'keep me');
    const before = await snapshot(photos);
    for (const extra of [[], ['--overwrite'], ['--force']]) {
      const r = await run(['train', ...QUICK, '--out', photos, ...extra], root);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('--out');
      expect(r.stderr).toContain('notes.txt, seven.png');
      expect(r.stderr).not.toMatch(/overwrite: true|outDir/);
      expect(r.stdout).toBe(''); // refused before training started
    }
    expect(await snapshot(photos)).toEqual(before);
  });

  it('refuses ., a repository root and ~ under the same rule', async () => {
    const repo = join(root, 'repo');
    await mkdir(join(repo, '.git'), { recursive: true });
    await writeFile(join(repo, 'package.json'), '{}');
    const before = await snapshot(repo);
    for (const out of ['.', repo, '~']) {
      const r = await run(['train', ...QUICK, '--out', out], repo, { HOME: repo }); // ~ is the home directory
      expect(r.code, r.stderr).toBe(1);
      expect(r.stderr).toMatch(/is not empty: its \.git, package\.json/);
    }
    expect(await snapshot(repo)).toEqual(before);
  });

  it('--out "" is a usage error (exit 2)', async () => {
    const r = await run(['train', ...QUICK, '--out', ''], root);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--out expects a directory, got an empty string');
  });

  it('catches a dangling symbolic link or a file in the way before training', async () => {
    await symlink(join(root, 'gone'), join(root, 'dangling'));
    const link = await run(['train', ...QUICK, '--out', join(root, 'dangling')], root);
    expect(link.code).toBe(1);
    expect(link.stderr).toContain('symbolic link');
    expect(link.stdout).toBe('');
    await writeFile(join(root, 'a-file'), 'x');
    const file = await run(['train', ...QUICK, '--out', join(root, 'a-file', 'model')], root);
    expect(file.code).toBe(1);
    expect(file.stderr).toContain('is a file');
    expect(file.stdout).toBe('');
  });

  it('replaces an existing model only with --overwrite; the directory keeps its inode and gets the umask mode', async () => {
    const previous = process.umask(0o022);
    try {
      const out = join(root, 'model');
      const first = await run(['train', ...QUICK, '--out', out], root);
      expect(first.code, first.stderr).toBe(0);
      expect((await stat(out)).mode & 0o777).toBe(0o755);
      expect((await stat(join(out, 'model.json'))).mode & 0o777).toBe(0o644);
      await writeFile(join(out, 'report.html'), 'report of the first model');
      const before = await snapshot(out);
      const refused = await run(['train', ...QUICK, '--seed', '7', '--out', out], root);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain('Pass --overwrite to replace it');
      expect(await snapshot(out)).toEqual(before);
      const replaced = await run(['train', ...QUICK, '--seed', '7', '--out', out, '--overwrite'], root);
      expect(replaced.code, replaced.stderr).toBe(0);
      expect((await readdir(out)).sort()).toEqual(['group1-shard1of1.bin', 'metadata.json', 'model.json']); // the stale report went with the old model
      expect(JSON.parse(await readFile(join(out, 'metadata.json'), 'utf8')).seed).toBe(7);
      expect((await stat(out)).ino).toBe(before.ino);
    } finally {
      process.umask(previous);
    }
  });
});

describe('mnist report --out', () => {
  it.runIf(existsSync('/proc/self'))('refuses /proc places before any evaluation, within seconds', async () => {
    const model = join(root, 'report-model');
    expect((await run(['train', ...QUICK, '--out', model], root)).code).toBe(0);
    for (const out of ['/proc/x/r.html', '/proc/r.html']) {
      const r = await run(['report', model, '--out', out, '--backend', 'cpu'], root);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('files cannot be created in /proc');
      expect(r.stderr).not.toMatch(/Evaluating|ENOENT …|\.tmp-/);
      expect(r.stdout).toBe('');
    }
    // An earlier report is replaced only with --overwrite; a foreign directory is refused.
    const site = join(root, 'site');
    await mkdir(site);
    await writeFile(join(site, 'index.html'), 'my page');
    const foreign = await run(['report', model, '--out', `${site}/`, '--backend', 'cpu', '--limit', '50'], root);
    expect(foreign.code).toBe(1);
    expect(foreign.stderr).toContain('index.html');
    const first = await run(['report', model, '--backend', 'cpu', '--limit', '50'], root);
    expect(first.code, first.stderr).toBe(0);
    const again = await run(['report', model, '--backend', 'cpu', '--limit', '50'], root);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('--overwrite');
    const replaced = await run(['report', model, '--backend', 'cpu', '--limit', '50', '--overwrite'], root);
    expect(replaced.code, replaced.stderr).toBe(0);
  });
});

describe('mnist train stops or goes on as a Unix tool should (spawned)', () => {
  it('SIGTERM finishes the batch, leaves a checkpoint, exits 143 and prints the resume command', async () => {
    const out = join(root, 'terminated');
    const r = runCli(['train', ...QUICK.filter((a, i, all) => a !== '--epochs' && all[i - 1] !== '--epochs'), '--epochs', '200', '--json', '--out', out]);
    await r.waitForLine((l) => l.includes('"event":"epoch"'));
    r.child.kill('SIGTERM');
    const done = await r.done;
    expect(done.code).toBe(143);
    const last = JSON.parse(done.stdout.trimEnd().split('\n').at(-1)!);
    expect(last).toMatchObject({ event: 'aborted', checkpointDir: join(out, 'checkpoint'), resume: `mnist train --resume --out ${out}` });
    expect(done.stderr).toContain('send SIGTERM again to quit at once');
    expect(JSON.parse(await readFile(join(out, 'checkpoint', 'checkpoint.json'), 'utf8')).epoch).toBeGreaterThanOrEqual(1);
  });

  it('a closed standard output (mnist train | head -1) does not stop training: the model is written, exit 0', async () => {
    const out = join(root, 'piped');
    const r = runCli(['train', ...QUICK.filter((a, i, all) => a !== '--epochs' && all[i - 1] !== '--epochs'), '--epochs', '3', '--json', '--out', out]);
    await r.waitForLine((l) => l.includes('"event":"start"'));
    r.child.stdout!.destroy(); // the reader goes away, as head does after its lines
    const done = await r.done;
    expect(done.code, done.stderr).toBe(0);
    expect(done.stderr).toContain('standard output was closed; training goes on');
    expect(done.stderr).toContain(`Model written to ${out}`);
    expect(existsSync(join(out, 'model.json'))).toBe(true);
  });
});
