import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MnistData } from '@mnist/data';
import { loadMnist } from '@mnist/data/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StudyLockedError, StudyMismatchError, type TuneEvent, type TuneOptions, parseSearchSpace, readStudy, tune } from '../src/index.js';

let data: MnistData;
let root: string;
beforeAll(async () => {
  data = await loadMnist({ dataset: 'mnist' });
  root = await mkdtemp(join(tmpdir(), 'tune-test-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const SPACE = parseSearchSpace({
  parameters: {
    learningRate: { type: 'log-float', low: 1e-4, high: 3e-2 },
    denseUnits: { type: 'choice', values: [16, 32] },
    activation: { type: 'choice', values: ['relu', 'gelu'] },
  },
});

const BASE = (studyDir: string): TuneOptions => ({
  studyDir,
  data,
  model: 'mlp',
  space: SPACE,
  sampler: 'random',
  pruner: 'asha',
  epochs: 3,
  limit: 400,
  trials: 5,
  seed: 3,
  backend: 'wasm',
  workers: 1,
});

describe('tune()', () => {
  it('runs a search, records each trial once, prunes at rung 1, evaluates only the best on the test set, and resumes for more trials', async () => {
    const dir = join(root, 'study');
    const events: TuneEvent[] = [];
    const study = await tune({ ...BASE(dir), onEvent: (e) => events.push(e) });
    expect(study.trials.map((t) => t.trial)).toEqual([0, 1, 2, 3, 4]);
    expect(study.completed + study.pruned).toBe(5);
    expect(study.pruned).toBeGreaterThan(0);
    for (const t of study.trials) {
      expect(t.curve.length).toBe(t.epochs);
      if (t.state === 'pruned') expect(t.curve.at(-1)?.decision).toBe('prune');
    }
    expect(study.best?.state).toBe('complete');
    expect(study.final?.trial).toBe(study.best?.trial);
    expect(study.final?.testAccuracy).toBeGreaterThan(0.3);
    // The final run reproduces the best trial's validation accuracy (same seed, same split).
    expect(study.final?.validationAccuracy).toBeCloseTo(study.best?.value as number, 6);
    expect(events.filter((e) => e.type === 'final')).toHaveLength(1);
    const best = JSON.parse(await readFile(join(dir, 'best.json'), 'utf8'));
    expect(best).toMatchObject({ model: 'mlp', epochs: 3, limit: 400, validationSplit: 0.1, seed: 3, tune: { trial: study.best?.trial } });
    expect(await readdir(dir)).toEqual(expect.arrayContaining(['study.json', 'trials.jsonl', 'best.json', 'best-model']));
    expect(await readdir(dir)).not.toContain('lock');

    const more = await tune({ ...BASE(dir), trials: 7 });
    expect(more.trials.map((t) => t.trial)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    // The first five are the recorded ones, unchanged.
    expect(more.trials.slice(0, 5)).toEqual(study.trials);
    const report = await readStudy(dir);
    expect(report.trials).toEqual(more.trials);
  });

  it('samples the same configurations for the same seed', async () => {
    const a = await tune({ ...BASE(join(root, 'a')), trials: 3, evaluateBest: false, pruner: 'none', epochs: 1 });
    const b = await tune({ ...BASE(join(root, 'b')), trials: 3, evaluateBest: false, pruner: 'none', epochs: 1 });
    expect(b.trials.map((t) => t.params)).toEqual(a.trials.map((t) => t.params));
    expect(b.trials.map((t) => t.value)).toEqual(a.trials.map((t) => t.value));
  });

  it('refuses a study of another search, or one locked by a live process, writing nothing', async () => {
    const dir = join(root, 'other');
    await tune({ ...BASE(dir), trials: 1, epochs: 1, evaluateBest: false });
    const before = await readFile(join(dir, 'trials.jsonl'), 'utf8');
    const other = parseSearchSpace({ parameters: { learningRate: { type: 'log-float', low: 1e-3, high: 1e-2 } } });
    const error = await tune({ ...BASE(dir), space: other, trials: 2, epochs: 1 }).catch((e: unknown) => e);
    expect(StudyMismatchError.isInstance(error)).toBe(true);
    expect((error as StudyMismatchError).differences.map((d) => d.setting)).toEqual(['space']);
    expect(await readFile(join(dir, 'trials.jsonl'), 'utf8')).toBe(before);

    await writeFile(join(dir, 'lock'), JSON.stringify({ pid: process.ppid, host: hostname() }));
    const locked = await tune({ ...BASE(dir), trials: 2, epochs: 1 }).catch((e: unknown) => e);
    expect(StudyLockedError.isInstance(locked)).toBe(true);
    expect(await readFile(join(dir, 'trials.jsonl'), 'utf8')).toBe(before);
    // A lock left by a dead process is stale and taken over.
    await writeFile(join(dir, 'lock'), JSON.stringify({ pid: 2 ** 22 + 12345, host: hostname() }));
    const resumed = await tune({ ...BASE(dir), trials: 2, epochs: 1, evaluateBest: false });
    expect(resumed.trials).toHaveLength(2);
  });

  it('stops on abort and resumes the interrupted trial from its checkpoint', async () => {
    const dir = join(root, 'abort');
    const controller = new AbortController();
    const first = await tune({
      ...BASE(dir),
      pruner: 'none',
      trials: 2,
      evaluateBest: false,
      signal: controller.signal,
      onEvent: (e) => {
        if (e.type === 'epoch' && e.trial === 1 && e.epoch === 1) controller.abort();
      },
    });
    expect(first.interrupted).toBe(true);
    expect(first.trials.map((t) => t.state)).toEqual(['complete', 'running']);
    expect(await readdir(join(dir, 'trials', '1', 'checkpoint'))).toContain('checkpoint.json');
    const events: TuneEvent[] = [];
    const second = await tune({ ...BASE(dir), pruner: 'none', trials: 2, evaluateBest: false, onEvent: (e) => events.push(e) });
    expect(second.trials.map((t) => t.state)).toEqual(['complete', 'complete']);
    expect(events.find((e) => e.type === 'trial-start')).toMatchObject({ trial: 1, resumed: true });
    // Resumed from the checkpoint after epoch 1: epochs 2 and 3 only are reported again.
    expect(events.filter((e) => e.type === 'epoch').map((e) => (e as { epoch: number }).epoch)).toEqual([2, 3]);
    const log = (await readFile(join(dir, 'trials.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
    expect(log.filter((r) => r.type === 'end').map((r) => r.trial)).toEqual([0, 1]);
  });
});
