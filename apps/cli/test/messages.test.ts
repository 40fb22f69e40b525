import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closestCommand } from '../src/main.js';
import { runInProcess } from './run-in-process.js';

let cwd: string;
beforeAll(async () => {
  cwd = await mkdtemp(join(tmpdir(), 'mnist-messages-'));
});
afterAll(async () => {
  await rm(cwd, { recursive: true, force: true });
});

const STACK = /\n\s+at /;

describe('messages that speak CLI (in-process)', () => {
  it('global flags work before or after the command', async () => {
    const before = await runInProcess(['--json', 'models'], { cwd });
    const after = await runInProcess(['models', '--json'], { cwd });
    expect(before.code, before.stderr).toBe(0);
    expect(JSON.parse(before.stdout)).toEqual(JSON.parse(after.stdout));
    const verbose = await runInProcess(['--verbose', 'predict', join(cwd, 'missing.png')], { cwd });
    expect(verbose.stderr).not.toContain('Unknown command');
    expect(verbose.stderr).toContain('missing.png');
  });

  it('no usage error prints a stack, even with --verbose; an unknown command gets a "did you mean"', async () => {
    for (const argv of [['trian'], ['--verbose', 'trian'], ['train', '--epochs', 'x', '--verbose'], ['evaluate', '--lim', '5', '--verbose']]) {
      const r = await runInProcess(argv, { cwd });
      expect(r.code).toBe(2);
      expect(r.stderr).not.toMatch(STACK);
    }
    expect((await runInProcess(['trian'], { cwd })).stderr).toContain('(did you mean train?)');
    expect(closestCommand('evalute')).toBe('evaluate');
    expect(closestCommand('reprot')).toBe('report');
    expect(closestCommand('xyz')).toBeUndefined();
  });

  it('parser wording names the flag in plain words', async () => {
    const missing = await runInProcess(['evaluate', '--model-dir'], { cwd });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--model-dir expects a value (--model-dir <value>), got none.');
    expect(missing.stderr).not.toContain("argument missing");
    const ambiguous = await runInProcess(['train', '--epochs', '--lr', '0.1'], { cwd });
    expect(ambiguous.code).toBe(2);
    expect(ambiguous.stderr).toContain('--epochs expects a value');
    expect(ambiguous.stderr).not.toContain('ambiguous');
  });

  it('--batch-size -3 and --batch-size=-3 give the same message; --seed accepts 0 and refuses -1 alike; --lr is reported as --lr', async () => {
    const spaced = await runInProcess(['train', '--batch-size', '-3'], { cwd });
    const joined = await runInProcess(['train', '--batch-size=-3'], { cwd });
    expect(spaced.code).toBe(2);
    expect(spaced.stderr).toBe(joined.stderr);
    expect(spaced.stderr).toContain('--batch-size expects a positive integer, got "-3"');
    expect((await runInProcess(['train', '--seed', '-1'], { cwd })).stderr).toContain('--seed expects a non-negative integer');
    const lr = await runInProcess(['train', '--lr', '0', '--out', join(cwd, 'never')], { cwd });
    expect(lr.code).toBe(2);
    expect(lr.stderr).toContain('Invalid --lr');
    expect(lr.stderr).not.toContain('--learning-rate');
    expect(await readdir(cwd)).toEqual([]);
  });

  it('the command is named once in a message', async () => {
    const r = await runInProcess(['summary'], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).not.toMatch(/mnist summary: mnist summary/);
    expect(r.stderr).toMatch(/^mnist summary: /);
  });
});
