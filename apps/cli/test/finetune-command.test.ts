import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodePng, mnistTest, scanOfDigit } from './draw-test-images.js';
import { runCli } from './run-cli.js';

let root: string;
let data: string;
const QUICK = ['--from', 'bundled', '--backend', 'wasm', '--batch-size', '16'];

const exists = (path: string) =>
  stat(path).then(
    () => true,
    () => false,
  );

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'mnist-cli-finetune-'));
  data = join(root, 'digits');
  const test = await mnistTest();
  const perClass = new Array<number>(10).fill(0);
  for (let i = 0; i < test.count && perClass.some((n) => n < 12); i++) {
    const digit = test.labels[i]!;
    if (perClass[digit]! >= 12) continue;
    await mkdir(join(data, String(digit)), { recursive: true });
    await writeFile(join(data, String(digit), `${i}.png`), encodePng(scanOfDigit(test.images, i, 2, 8)));
    perClass[digit]!++;
  }
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('mnist finetune', () => {
  it.each([
    [['--data', 'x', '--out', 'o'], '--from'],
    [['--from', 'bundled', '--out', 'o'], '--data'],
    [['--from', 'bundled', '--data', 'x'], '--out'],
    [['--from', 'bundled', '--data', 'x', '--out', 'o', '--epochs', '0'], '--epochs'],
    [['--from', 'bundled', '--data', 'x', '--out', 'o', '--unfreeze-lr', '0.1'], '--unfreeze-epochs'],
    [['--bogus'], 'mnist finetune --help'],
    // The shared flag parser: a suggestion, negative values read as values, no stray positionals.
    [['--epoch', '3'], 'Unknown flag --epoch (did you mean --epochs?)'],
    [['--from', 'bundled', '--data', 'x', '--out', 'o', '--epochs', '-3'], '--epochs expects a positive integer, got "-3"'],
    [['--from', 'bundled', '--data', 'x', '--out', 'o', '--epochs=-3'], '--epochs expects a positive integer, got "-3"'],
    [['--from', 'bundled', '--data', 'x', '--out', 'o', '--seed', '0', 'stray'], 'takes flags only, got "stray"'],
  ])('%j exits 2 naming %s', async (args, flag) => {
    const r = await runCli(['finetune', ...args], { cwd: root }).done;
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain(flag);
    expect(await exists(join(root, 'o'))).toBe(false);
  });

  it('refuses a freeze layer the model does not have (exit 2) and a class folder the model does not have (exit 1, naming it)', async () => {
    const layer = await runCli(['finetune', ...QUICK, '--data', data, '--out', join(root, 'x1'), '--freeze', 'conv9']).done;
    expect(layer.code, layer.stderr).toBe(2);
    expect(layer.stderr).toMatch(/Invalid --freeze: expected features, none, or a layer name of the base model \(conv1, .*output\)/);
    const odd = join(root, 'odd');
    await mkdir(join(odd, '3'), { recursive: true });
    await mkdir(join(odd, 'x'), { recursive: true });
    await writeFile(join(odd, '3', 'a.png'), await readFile(join(data, '3', (await import('node:fs')).readdirSync(join(data, '3'))[0]!)));
    await writeFile(join(odd, 'x', 'a.png'), await readFile(join(odd, '3', 'a.png')));
    const unknown = await runCli(['finetune', ...QUICK, '--data', odd, '--out', join(root, 'x2')]).done;
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain(`found "x"`);
    expect(unknown.stderr).toContain(join(odd, 'x'));
    expect(unknown.stderr).toContain('--new-head');
  });

  it('resumes a run killed with SIGKILL after its first checkpoint and ends with a model directory @mnist/infer loads', async () => {
    const out = join(root, 'killed');
    const args = ['finetune', ...QUICK, '--data', data, '--epochs', '6', '--json', '--out', out];
    const first = runCli(args);
    await first.waitForLine((l) => l.includes('"event":"checkpoint"'));
    first.child.kill('SIGKILL');
    const killed = await first.done;
    expect(killed.signal).toBe('SIGKILL');
    const checkpoint = JSON.parse(await readFile(join(out, 'checkpoint', 'checkpoint.json'), 'utf8'));
    expect(checkpoint.epoch).toBeGreaterThanOrEqual(1);
    expect(checkpoint.epoch).toBeLessThan(6);
    expect(await exists(join(out, 'model.json'))).toBe(false);

    const refused = await runCli(args).done;
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('--resume');

    const resumed = await runCli(['finetune', '--resume', '--out', out, '--json']).done;
    expect(resumed.code, resumed.stderr).toBe(0);
    const events = resumed.stdout.trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(events[0].resumedFrom.epoch).toBe(checkpoint.epoch);
    expect(events.find((e) => e.event === 'epoch').epoch).toBe(checkpoint.epoch + 1);
    const done = events.at(-1);
    expect(Object.keys(done).slice(0, 3)).toEqual(['event', 'testAccuracy', 'testLoss']);
    expect(done).toMatchObject({ event: 'done', epochs: 6, modelDir: out });
    expect(done.testAccuracy).toBeGreaterThan(0.8);
    expect(typeof done.trainSeconds).toBe('number');
    const metadata = JSON.parse(await readFile(join(out, 'metadata.json'), 'utf8'));
    expect(metadata.history.epoch).toEqual([1, 2, 3, 4, 5, 6]);
    expect(metadata.fineTuning).toMatchObject({ freeze: 'features', newHead: false, base: { source: 'bundled' } });
    expect(metadata.fineTuning.data.count).toBe(120);
    expect(await exists(join(out, 'checkpoint'))).toBe(false);

    const { loadRecognizer } = await import('@mnist/infer');
    const recognizer = await loadRecognizer({ modelUrl: out, backend: 'wasm' });
    expect(recognizer.model.source).toBe(out);
    recognizer.dispose();
  });

  it('writes only into a new or empty --out, refuses a foreign non-empty one untouched, and replaces its own model only with --overwrite', async () => {
    const foreign = join(root, 'photos');
    await mkdir(foreign);
    await writeFile(join(foreign, 'holiday.jpg'), 'not ours');
    const before = await stat(foreign);
    const refusedForeign = await runCli(['finetune', ...QUICK, '--data', data, '--epochs', '1', '--out', foreign]).done;
    expect(refusedForeign.code).toBe(1);
    expect(refusedForeign.stderr).toContain('holiday.jpg');
    expect(refusedForeign.stderr).not.toMatch(/outDir|overwrite: true/);
    const after = await stat(foreign);
    expect([after.ino, after.mode]).toEqual([before.ino, before.mode]);
    expect(await readFile(join(foreign, 'holiday.jpg'), 'utf8')).toBe('not ours');
    expect((await import('node:fs')).readdirSync(foreign)).toEqual(['holiday.jpg']);

    const out = join(root, 'own');
    const first = await runCli(['finetune', ...QUICK, '--data', data, '--epochs', '1', '--out', out]).done;
    expect(first.code, first.stderr).toBe(0);
    const model = await readFile(join(out, 'model.json'), 'utf8');
    const again = await runCli(['finetune', ...QUICK, '--data', data, '--epochs', '1', '--seed', '7', '--out', out]).done;
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('--overwrite');
    expect(await readFile(join(out, 'model.json'), 'utf8')).toBe(model);
    const replaced = await runCli(['finetune', ...QUICK, '--data', data, '--epochs', '1', '--seed', '7', '--out', out, '--overwrite']).done;
    expect(replaced.code, replaced.stderr).toBe(0);
    expect(JSON.parse(await readFile(join(out, 'metadata.json'), 'utf8')).seed).toBe(7);
  });
});
