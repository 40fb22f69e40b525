import { type ChildProcess, spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'mnist-tune-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const exists = (path: string) =>
  stat(path).then(
    () => true,
    () => false,
  );

/** A tiny search: an MLP on a few hundred images, one thread per trial. */
const TINY = ['--model', 'mlp', '--limit', '600', '--sampler', 'random', '--workers', '1', '--backend', 'wasm'];

type LogRecord = { type: string; trial: number; epoch?: number; params?: unknown; worker?: string; state?: string };
async function readLog(dir: string): Promise<LogRecord[]> {
  return (await readFile(join(dir, 'trials.jsonl'), 'utf8'))
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as LogRecord);
}

function expectEachTrialOnce(log: LogRecord[], trials: number): void {
  const ids = Array.from({ length: trials }, (_, i) => i);
  expect(log.filter((r) => r.type === 'trial').map((r) => r.trial)).toEqual(ids);
  expect(
    log
      .filter((r) => r.type === 'end')
      .map((r) => r.trial)
      .sort((a, b) => a - b),
  ).toEqual(ids);
  const epochs = log.filter((r) => r.type === 'epoch').map((r) => `${r.trial}:${r.epoch}`);
  expect(new Set(epochs).size).toBe(epochs.length);
}

function lastJson(stdout: string): Record<string, unknown> {
  return JSON.parse(stdout.trim().split('\n').at(-1) as string) as Record<string, unknown>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

describe('mnist tune: bad input is refused before anything is written', () => {
  it.each([
    ['an unknown parameter', { parameters: { momentum: { type: 'float', low: 0, high: 1 } } }, /parameter "momentum": unknown parameter/],
    ['an empty choice', { parameters: { optimizer: { type: 'choice', values: [] } } }, /parameter "optimizer": "values" must be a non-empty list/],
    ['low > high', { parameters: { learningRate: { type: 'log-float', low: 0.1, high: 0.001 } } }, /"low" \(0.1\) is greater than "high" \(0.001\)/],
  ])('an invalid space file (%s): exit 2', async (_name, space, message) => {
    const spaceFile = join(root, `space-${_name.replaceAll(' ', '-')}.json`);
    await writeFile(spaceFile, JSON.stringify(space));
    const study = join(root, `never-${_name.replaceAll(' ', '-')}`);
    const { code, stderr, stdout } = await runCli(['tune', '--study', study, '--space', spaceFile, '--trials', '1', ...TINY]).done;
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
    expect(stderr).toContain(spaceFile);
    expect(stdout).toBe('');
    expect(await exists(study)).toBe(false);
  });

  it('a space file that is not JSON: exit 2', async () => {
    const spaceFile = join(root, 'broken.json');
    await writeFile(spaceFile, '{ "parameters": ');
    const { code, stderr } = await runCli(['tune', '--study', join(root, 'never-broken'), '--space', spaceFile]).done;
    expect(code).toBe(2);
    expect(stderr).toMatch(/not valid JSON/);
  });

  it('an unreachable Redis URL: exit 1, no study written', async () => {
    const port = await freePort();
    const study = join(root, 'never-redis');
    const { code, stderr } = await runCli(['tune', '--study', study, '--queue', `redis://127.0.0.1:${port}`, '--trials', '1', ...TINY]).done;
    expect(code).toBe(1);
    expect(stderr).toMatch(new RegExp(`Cannot use the queue at redis://127.0.0.1:${port}: Redis did not answer`));
    expect(await exists(study)).toBe(false);
    const worker = await runCli(['tune', 'worker', '--queue', `redis://127.0.0.1:${port}`]).done;
    expect(worker.code).toBe(1);
    expect(worker.stderr).toMatch(/Redis did not answer/);
    const notRedis = await runCli(['tune', '--study', study, '--queue', 'http://127.0.0.1:80']).done;
    expect(notRedis.code).toBe(1);
    expect(notRedis.stderr).toMatch(/expected a redis:\/\/ URL/);
  }, 120_000);

  it('a study directory from another space: exit 2, the study unchanged; a non-study directory: exit 2', async () => {
    const study = join(root, 'study-a');
    const first = await runCli(['tune', '--study', study, '--trials', '1', '--epochs', '1', '--pruner', 'none', ...TINY]).done;
    expect(first.code).toBe(0);
    const before = await readFile(join(study, 'trials.jsonl'), 'utf8');
    const spaceFile = join(root, 'other-space.json');
    await writeFile(spaceFile, JSON.stringify({ parameters: { learningRate: { type: 'log-float', low: 1e-3, high: 1e-2 } } }));
    const second = await runCli(['tune', '--study', study, '--space', spaceFile, '--trials', '2', '--epochs', '1', '--pruner', 'none', ...TINY]).done;
    expect(second.code).toBe(2);
    expect(second.stderr).toMatch(/belongs to another search \(space: the study has/);
    expect(await readFile(join(study, 'trials.jsonl'), 'utf8')).toBe(before);
    expect(await exists(join(study, 'lock'))).toBe(false);
    const other = join(root, 'not-a-study');
    await mkdir(other);
    await writeFile(join(other, 'notes.txt'), 'mine');
    const third = await runCli(['tune', '--study', other, '--trials', '1', ...TINY]).done;
    expect(third.code).toBe(2);
    expect(third.stderr).toMatch(/not empty and holds no study.json/);
    expect(await readFile(join(other, 'notes.txt'), 'utf8')).toBe('mine');
    const report = await runCli(['tune', 'report', other]).done;
    expect(report.code).toBe(2);
  }, 180_000);

  it('bad flags: exit 2', async () => {
    expect((await runCli(['tune', '--trials', '2']).done).code).toBe(2);
    expect((await runCli(['tune', '--study', join(root, 'x'), '--sampler', 'bayes']).done).stderr).toMatch(/--sampler expects one of grid, random, tpe/);
  });
});

describe('mnist tune: a study survives kill -9', () => {
  it('resumes after SIGKILL mid-trial and finishes with every trial recorded once; report and train --config work on it', async () => {
    const study = join(root, 'killed');
    const args = ['tune', '--json', '--study', study, '--trials', '3', '--epochs', '3', '--pruner', 'none', '--seed', '5', ...TINY];
    const first = runCli(args);
    // A real progress signal: trial 1 has finished its first epoch (so trial 1 is mid-way).
    await first.waitForLine((line) => line.includes('"event":"epoch"') && line.includes('"trial":1,') && line.includes('"epoch":1,'));
    first.child.kill('SIGKILL');
    const killed = await first.done;
    expect(killed.signal).toBe('SIGKILL');
    expect(await exists(join(study, 'lock'))).toBe(true);
    const partial = await readLog(study);
    expect(partial.filter((r) => r.type === 'end').map((r) => r.trial)).toEqual([0]);

    const second = await runCli(args).done;
    expect(second.stderr).toBe('');
    expect(second.code).toBe(0);
    const events = second.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(events.find((e) => e.event === 'trial-start')).toMatchObject({ trial: 1, resumed: true });
    const done = lastJson(second.stdout);
    expect(done).toMatchObject({ event: 'done', trials: 3, completed: 3, pruned: 0, bestConfig: join(study, 'best.json'), studyDir: study });
    expect(done.bestValidationAccuracy).toBeGreaterThan(0.3);
    expect(done.bestTestAccuracy).toBeGreaterThan(0.3);
    expectEachTrialOnce(await readLog(study), 3);
    expect(await exists(join(study, 'lock'))).toBe(false);

    const report = await runCli(['tune', 'report', study, '--out', join(root, 'report.html')]).done;
    expect(report.code).toBe(0);
    const html = await readFile(join(root, 'report.html'), 'utf8');
    for (const title of ['Optimisation history', 'Parameter importance', 'learningRate against the objective', 'Learning curves of the best trials']) expect(html).toContain(title);

    const retrain = await runCli(['train', '--config', join(study, 'best.json'), '--out', join(root, 'retrained'), '--json', '--workers', '1', '--backend', 'wasm']).done;
    expect(retrain.code).toBe(0);
    expect(lastJson(retrain.stdout).testAccuracy).toBe(done.bestTestAccuracy);
  }, 300_000);
});

/** Starts Debian's redis-server on a loopback port with a throwaway directory and no persistence. */
async function startRedis(port: number, dir: string): Promise<ChildProcess> {
  const redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], { stdio: ['ignore', 'pipe', 'pipe'] });
  await new Promise<void>((resolve, reject) => {
    let out = '';
    redis.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('Ready to accept connections')) resolve();
    });
    redis.once('exit', (code) => reject(new Error(`redis-server exited (${code}): ${out}`)));
  });
  return redis;
}

async function stopRedis(redis: ChildProcess | undefined): Promise<void> {
  if (!redis || redis.exitCode !== null || redis.signalCode !== null) return;
  const exited = new Promise((resolve) => redis.once('exit', resolve));
  redis.kill('SIGTERM');
  await exited;
}

describe('mnist tune --queue: a coordinator and two workers on a real redis-server', () => {
  let redis: ChildProcess | undefined;
  let url = '';
  const workers: ChildProcess[] = [];
  let port = 0;
  let redisDir = '';
  beforeAll(async () => {
    port = await freePort();
    redisDir = await mkdtemp(join(tmpdir(), 'mnist-redis-'));
    redis = await startRedis(port, redisDir);
    url = `redis://127.0.0.1:${port}`;
  });
  afterAll(async () => {
    for (const w of workers) if (w.exitCode === null && w.signalCode === null) w.kill('SIGKILL');
    await stopRedis(redis);
    await rm(redisDir, { recursive: true, force: true });
  });

  it('runs every trial exactly once though a worker is killed mid-trial, with the configurations of a local run of the same seed', async () => {
    const study = join(root, 'queued');
    const search = ['--trials', '4', '--epochs', '1', '--pruner', 'none', '--seed', '9', ...TINY];
    const coordinator = runCli(['tune', '--json', '--study', study, '--queue', url, '--parallel', '2', ...search]);
    const worker = () => runCli(['tune', 'worker', '--json', '--queue', url, '--lock-seconds', '3', '--workers', '1']);
    const a = worker();
    const b = worker();
    workers.push(a.child, b.child);
    // A real progress signal: worker a has taken a trial (and has not finished it: its end comes later).
    const aStarted = await a.waitForLine((line) => line.includes('"event":"trial-start"'));
    const killedTrial = (JSON.parse(aStarted) as { trial: number }).trial;
    a.child.kill('SIGKILL');
    await a.done;
    const killedWorker = `:${a.child.pid}`;
    const result = await coordinator.done;
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(lastJson(result.stdout)).toMatchObject({ event: 'done', trials: 4, completed: 4, pruned: 0, studyDir: study });
    const log = await readLog(study);
    expectEachTrialOnce(log, 4);
    const ends = log.filter((r) => r.type === 'end');
    // The killed worker's trial was finished by another worker.
    const taken = ends.find((r) => r.trial === killedTrial);
    expect(taken?.state).toBe('complete');
    expect(taken?.worker).toBeDefined();
    expect(taken?.worker?.endsWith(killedWorker)).toBe(false);
    expect(ends.every((r) => r.worker !== undefined && !r.worker.endsWith(killedWorker))).toBe(true);
    b.child.kill('SIGTERM');
    await b.done;

    const local = join(root, 'local');
    const localRun = await runCli(['tune', '--json', '--study', local, ...search]).done;
    expect(localRun.code).toBe(0);
    const localLog = await readLog(local);
    const configs = (records: LogRecord[]) => records.filter((r) => r.type === 'trial').map((r) => r.params);
    expect(configs(log)).toEqual(configs(localLog));
  }, 400_000);

  it('waits while Redis is gone and finishes every trial once after it restarts empty', async () => {
    const study = join(root, 'redis-restart');
    const coordinator = runCli(['tune', '--json', '--study', study, '--queue', url, '--trials', '3', '--epochs', '2', '--pruner', 'none', '--seed', '9', ...TINY]);
    const worker = runCli(['tune', 'worker', '--json', '--queue', url, '--lock-seconds', '3', '--workers', '1']);
    workers.push(worker.child);
    await coordinator.waitForLine((line) => line.includes('"event":"trial-end"'));
    await stopRedis(redis);
    // While Redis is down, both processes keep running (waiting to reconnect).
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect(coordinator.child.exitCode).toBeNull();
    expect(worker.child.exitCode).toBeNull();
    redis = await startRedis(port, redisDir);
    const result = await coordinator.done;
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(lastJson(result.stdout)).toMatchObject({ event: 'done', trials: 3, completed: 3 });
    expectEachTrialOnce(await readLog(study), 3);
    worker.child.kill('SIGTERM');
    await worker.done;
  }, 300_000);
});
