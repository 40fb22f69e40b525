import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodePng, mnistTest, scanOfDigit } from './draw-test-images.js';
import { runCli } from './run-cli.js';
import { TEST_MODEL_TEST_IMAGES, trainTestModel } from './train-test-model.js';

interface Evaluation {
  loss: number;
  accuracy: number;
  count: number;
  perClass: { support: number; precision: number; recall: number }[];
  confusionMatrix: number[][];
  misclassified: number[];
}

describe('mnist evaluate', () => {
  let dir: string;
  let modelDir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mnist-evaluate-'));
    modelDir = join(dir, 'models', 'mlp-test');
    await trainTestModel(modelDir);
    mkdirSync(join(dir, 'broken'));
    writeFileSync(join(dir, 'broken', 'model.json'), '{ "modelTopology": ');
    mkdirSync(join(dir, 'empty'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('--json: the metrics agree with each other and with the test metrics recorded at training', async () => {
    const r = await runCli(['evaluate', '--model-dir', modelDir, '--limit', String(TEST_MODEL_TEST_IMAGES), '--backend', 'cpu', '--json']).done;
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const e = JSON.parse(r.stdout) as Evaluation & { architecture: string; count: number };
    expect(e.architecture).toBe('mlp');
    expect(e.count).toBe(TEST_MODEL_TEST_IMAGES);
    const total = e.confusionMatrix.flat().reduce((a, b) => a + b, 0);
    const trace = e.confusionMatrix.reduce((s, row, i) => s + row[i]!, 0);
    expect(total).toBe(TEST_MODEL_TEST_IMAGES);
    expect(e.accuracy).toBeCloseTo(trace / TEST_MODEL_TEST_IMAGES, 10);
    expect(e.misclassified).toHaveLength(TEST_MODEL_TEST_IMAGES - trace);
    expect(e.perClass.map((c) => c.support)).toEqual(e.confusionMatrix.map((row) => row.reduce((a, b) => a + b, 0)));
    const recorded = JSON.parse(readFileSync(join(modelDir, 'metadata.json'), 'utf8')).test as Evaluation;
    expect(e.accuracy).toBe(recorded.accuracy);
    expect(e.confusionMatrix).toEqual(recorded.confusionMatrix);
    expect(e.loss).toBeCloseTo(recorded.loss, 4);
  });

  it('text: accuracy, loss, per-class table and confusion matrix; the newest model under ./models by default', async () => {
    const r = await runCli(['evaluate', '--limit', '200', '--backend', 'cpu'], { cwd: dir }).done;
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Model models/mlp-test (mlp, 118,282 parameters) on mnist test, 200 images, backend cpu');
    expect(r.stdout).toMatch(/Accuracy: \d+\.\d\d% \(\d+\/200\) {3}Loss: \d+\.\d{4}/);
    expect(r.stdout).toMatch(/class +precision +recall +f1 +support/);
    expect(r.stdout).toContain('Confusion matrix:');
    expect(r.stdout.split('\n').filter((l) => /^\d +(\d+ +){9}\d+$/.test(l))).toHaveLength(10);
  });

  it('errors: no model, not a model, a corrupt model (stack only with --verbose), bad flags', async () => {
    const none = await runCli(['evaluate'], { cwd: join(dir, 'empty') }).done;
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('Pass --model-dir <dir>');
    const notModel = await runCli(['evaluate', '--model-dir', 'empty'], { cwd: dir }).done;
    expect(notModel.code).toBe(1);
    expect(notModel.stderr).toContain('empty is not a model directory: it has no model.json');
    const missing = await runCli(['evaluate', '--model-dir', 'nowhere'], { cwd: dir }).done;
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('Model directory nowhere does not exist');
    const broken = await runCli(['evaluate', '--model-dir', 'broken', '--backend', 'cpu'], { cwd: dir }).done;
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain('model.json');
    expect(broken.stderr).not.toMatch(/\n\s+at /);
    const verbose = await runCli(['evaluate', '--model-dir', 'broken', '--backend', 'cpu', '--verbose'], { cwd: dir }).done;
    expect(verbose.code).toBe(1);
    expect(verbose.stderr).toMatch(/\n\s+at /);
    const limit = await runCli(['evaluate', '--model-dir', modelDir, '--limit', '0']).done;
    expect(limit.code).toBe(2);
    expect(limit.stderr).toContain('--limit expects a positive integer, got "0"');
    const unknown = await runCli(['evaluate', '--modeldir', modelDir]).done;
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('--modeldir');
  });

  it('the same model directory drives predict and summary (a trained model instead of the bundled one)', async () => {
    const test = await mnistTest();
    writeFileSync(join(dir, 'digit.png'), encodePng(scanOfDigit(test.images, 1)));
    const r = await runCli(['predict', 'digit.png', '--model-dir', modelDir, '--json'], { cwd: dir }).done;
    expect(r.code).toBe(0);
    const [record] = JSON.parse(r.stdout) as { digit: number; top: { digit: number; probability: number }[] }[];
    expect(record!.digit).toBeGreaterThanOrEqual(0);
    expect(record!.top[0]!.digit).toBe(record!.digit);
    const summary = await runCli(['summary', modelDir]).done;
    expect(summary.code).toBe(0);
    expect(summary.stdout).toContain('Total params: 118,282');
  });

  it('--help lists the flags with examples', async () => {
    const r = await runCli(['evaluate', '--help']).done;
    expect(r.code).toBe(0);
    for (const text of ['--model-dir', '--dataset', '--json', 'Examples:']) expect(r.stdout).toContain(text);
  });
});
