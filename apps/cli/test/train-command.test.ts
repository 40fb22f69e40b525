import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';
import { runInProcess } from './run-in-process.js';

/** A quick, cheap recipe for spawned runs: an MLP on a few hundred images on the cpu backend. */
const QUICK = ['--model', 'mlp', '--backend', 'cpu', '--batch-size', '32', '--test-limit', '200', '--lr', '0.003'];

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'mnist-cli-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const exists = (path: string) =>
  stat(path).then(
    () => true,
    () => false,
  );

describe('mnist train: bad input', () => {
  it.each([
    [['--model', 'resnet'], '--model', 'mlp, cnn-small, cnn'],
    [['--dataset', 'cifar'], '--dataset', 'mnist, fashion-mnist'],
    [['--epochs', '0'], '--epochs', 'positive integer'],
    [['--epochs', 'three'], '--epochs', 'positive integer'],
    [['--batch-size=-8'], '--batch-size', 'positive integer'],
    [['--limit', '2.5'], '--limit', 'positive integer'],
    [['--epochs', '-1'], '--epochs', 'expects a positive integer, got "-1"'],
    [['--limit', '-5'], '--limit', 'expects a positive integer, got "-5"'],
    [['--seed', '-1'], '--seed', 'expects a non-negative integer, got "-1"'],
    [['--out', ''], '--out', 'got an empty string'],
    [['--validation-split', '1.5'], '--validation-split', '[0, 1)'],
    [['--optimizer', 'lbfgs'], '--optimizer', 'adam'],
    [['--preset', 'huge'], '--preset', 'fast, best, tutorial'],
    [['--workers', 'many'], '--workers', 'positive integer'],
    [['--frobnicate'], '--frobnicate', 'mnist train --help'],
    [['--resume'], '--resume', '--out'],
  ])('%j exits 2 naming %s and what is allowed, writing nothing', async (args, flag, allowed) => {
    const cwd = await mkdtemp(join(root, 'usage-'));
    const r = await runInProcess(['train', ...args], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(flag);
    expect(r.stderr).toContain(allowed);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(await readdir(cwd)).toEqual([]);
  });

  it('an output path below a file exits 1 naming the file, before loading anything', async () => {
    const file = join(root, 'a-file');
    await writeFile(file, 'not a directory');
    const r = await runCli(['train', ...QUICK, '--out', join(file, 'model')]).done;
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(file);
    expect(r.stderr).toContain('not a directory');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('a corrupt dataset in --data-dir exits 1 naming the file, and creates no output directory', async () => {
    const dataDir = await mkdtemp(join(root, 'broken-data-'));
    // A valid IDX header promising 60000 images, then far too few bytes.
    const header = Buffer.from([0, 0, 8, 3, 0, 0, 0xea, 0x60, 0, 0, 0, 28, 0, 0, 0, 28]);
    await writeFile(join(dataDir, 'train-images-idx3-ubyte'), Buffer.concat([header, Buffer.alloc(100)]));
    for (const name of ['train-labels-idx1-ubyte', 't10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte']) {
      await writeFile(join(dataDir, name), Buffer.from([1, 2, 3]));
    }
    const out = join(root, 'never-written');
    const r = await runCli(['train', ...QUICK, '--data-dir', dataDir, '--out', out]).done;
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/idx[13]-ubyte/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(await exists(out)).toBe(false);
    const verbose = await runCli(['train', ...QUICK, '--data-dir', dataDir, '--out', out, '--verbose']).done;
    expect(verbose.code).toBe(1);
    expect(verbose.stderr).toMatch(/\n\s+at /);
  });
});

describe('mnist train: runs', () => {
  it('--json trains above chance and ends with exactly the done line; plain output ends with accuracy and path', async () => {
    const out = join(root, 'json-run');
    const r = await runCli(['train', ...QUICK, '--limit', '400', '--epochs', '2', '--json', '--out', out]).done;
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    const events = lines.map((l) => JSON.parse(l));
    expect(events[0]).toMatchObject({ event: 'start', backend: 'cpu', model: 'mlp' });
    expect(typeof events[0].reason).toBe('string');
    expect(events.filter((e) => e.event === 'epoch').map((e) => e.epoch)).toEqual([1, 2]);
    const done = events.at(-1);
    expect(Object.keys(done)).toEqual(['event', 'testAccuracy', 'testLoss', 'trainSeconds', 'epochs', 'backend', 'model', 'modelDir']);
    expect(done).toMatchObject({ event: 'done', epochs: 2, backend: 'cpu', model: 'mlp', modelDir: out });
    expect(done.testAccuracy).toBeGreaterThan(0.5);
    expect(await exists(join(out, 'model.json'))).toBe(true);
    expect(await exists(join(out, 'metadata.json'))).toBe(true);

    const plainOut = join(root, 'plain-run');
    const plain = await runCli(['train', ...QUICK, '--limit', '200', '--epochs', '1', '--out', plainOut]).done;
    expect(plain.code, plain.stderr).toBe(0);
    expect(plain.stdout).not.toContain('\u001b');
    expect(plain.stdout).toMatch(/Epoch 1\/1 batch \d+\/6 loss/);
    expect(plain.stdout).toMatch(/Test accuracy: \d+\.\d\d%/);
    expect(plain.stdout.trimEnd().split('\n').at(-1)).toBe(`Model written to ${plainOut}`);
  });

  it('resumes a run killed with SIGKILL after its first checkpoint and ends with a valid model', async () => {
    const out = join(root, 'killed');
    // Far more epochs than any machine finishes before the kill: the kill always lands mid-run.
    const args = ['train', ...QUICK, '--limit', '320', '--epochs', '10000', '--json', '--out', out];
    const first = runCli(args);
    await first.waitForLine((l) => l.includes('"event":"checkpoint"'));
    // The checkpoint on disk, not only its announcement, is what a resumed run needs.
    const checkpointFile = join(out, 'checkpoint', 'checkpoint.json');
    while (!(await exists(checkpointFile))) await new Promise((resolve) => setImmediate(resolve));
    first.child.kill('SIGKILL');
    const killed = await first.done;
    expect(killed.signal).toBe('SIGKILL');
    const checkpoint = JSON.parse(await readFile(checkpointFile, 'utf8'));
    expect(checkpoint.epoch).toBeGreaterThanOrEqual(1);
    expect(await exists(join(out, 'model.json'))).toBe(false);

    const refused = await runCli(args).done;
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('--resume');

    // Resume to a few epochs past the checkpoint (the epoch count may change on resume).
    const epochs = checkpoint.epoch + 3;
    const resumed = await runCli(['train', '--resume', '--out', out, '--epochs', String(epochs), '--json']).done;
    expect(resumed.code, resumed.stderr).toBe(0);
    const events = resumed.stdout.trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(events[0].resumedFrom.epoch).toBe(checkpoint.epoch);
    expect(events.find((e) => e.event === 'epoch').epoch).toBe(checkpoint.epoch + 1);
    const done = events.at(-1);
    expect(done).toMatchObject({ event: 'done', epochs, model: 'mlp' });
    expect(done.testAccuracy).toBeGreaterThan(0.5);
    const metadata = JSON.parse(await readFile(join(out, 'metadata.json'), 'utf8'));
    expect(metadata.history.epoch).toEqual(Array.from({ length: epochs }, (_, i) => i + 1));
    expect(await exists(join(out, 'checkpoint'))).toBe(false);
  });

  it('SIGINT finishes the batch, leaves a checkpoint, exits 130 and says how to resume', async () => {
    const out = join(root, 'interrupted');
    const run = runCli(['train', ...QUICK, '--limit', '320', '--epochs', '200', '--json', '--out', out]);
    await run.waitForLine((l) => l.includes('"event":"epoch"'));
    run.child.kill('SIGINT');
    const r = await run.done;
    expect(r.code).toBe(130);
    const last = JSON.parse(r.stdout.trimEnd().split('\n').at(-1)!);
    expect(last).toMatchObject({ event: 'aborted', checkpointDir: join(out, 'checkpoint') });
    expect(last.resume).toBe(`mnist train --resume --out ${out}`);
    expect(r.stderr).toContain('Stopping after the current batch');
    const checkpoint = JSON.parse(await readFile(join(out, 'checkpoint', 'checkpoint.json'), 'utf8'));
    expect(checkpoint.epoch).toBeGreaterThanOrEqual(1);
    expect(await exists(join(out, 'model.json'))).toBe(false);
  });
});
