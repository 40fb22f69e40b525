import type { BackendInfo, BatchEndInfo } from '@mnist/train';
import { describe, expect, it } from 'vitest';
import { createTrainReporter, type ReporterMode, withoutImporterPath } from './train-reporter.js';

const ESC = String.fromCharCode(27);
const CLEAR = `\r${ESC}[2K`;
const BACKEND: BackendInfo = { name: 'wasm', requested: 'auto', reason: 'tfjs-node did not load.' };

function collect(mode: ReporterMode, color = false) {
  const out: string[] = [];
  let t = 0;
  const reporter = createTrainReporter({ mode, color, write: (s) => out.push(s), columns: 100, now: () => (t += 1000) });
  return { out, reporter };
}

function batch(n: number, of = 20): BatchEndInfo {
  return {
    epoch: 1,
    epochs: 2,
    batch: n,
    batchesPerEpoch: of,
    size: 100,
    loss: 0.5,
    acc: 0.8,
    epochLoss: 0.5,
    epochAcc: 0.8,
    lr: 0.001,
    imagesSeen: n * 100,
    epochSeconds: n / 10,
  };
}

const DONE = {
  testAccuracy: 0.9912,
  testLoss: 0.031,
  trainSeconds: 55.5,
  epochs: 2,
  backend: 'wasm',
  model: 'cnn-small',
  modelDir: '/tmp/m',
  testCount: 10000,
};

describe('createTrainReporter', () => {
  it('json: one object per line; the last line has exactly the done keys in order', () => {
    const { out, reporter } = collect('json');
    reporter.onLog({
      type: 'start',
      model: 'cnn-small',
      parameters: 100,
      dataset: 'mnist',
      backend: BACKEND,
      trainCount: 1000,
      validationCount: 0,
      testCount: 100,
      epochs: 2,
      batchSize: 100,
      batchesPerEpoch: 10,
      workers: 2,
      message: 'x',
    });
    reporter.onBatchEnd(batch(5));
    reporter.onEpochEnd({ epoch: 1, epochs: 2, loss: 0.4, acc: 0.9, lr: 0.001, seconds: 2 });
    reporter.done(DONE);
    const lines = out.join('').trimEnd().split('\n');
    const events = lines.map((l) => JSON.parse(l));
    expect(events.map((e) => e.event)).toEqual(['start', 'epoch', 'done']);
    expect(events[0]).toMatchObject({ backend: 'wasm', reason: 'tfjs-node did not load.', workers: 2 });
    expect(Object.keys(events[2])).toEqual(['event', 'testAccuracy', 'testLoss', 'trainSeconds', 'epochs', 'backend', 'model', 'modelDir']);
    expect(events[2].testAccuracy).toBe(0.9912);
  });

  it('plain: about ten progress lines per epoch, no escape codes, and the final summary', () => {
    const { out, reporter } = collect('plain', true);
    for (let i = 1; i <= 20; i++) reporter.onBatchEnd(batch(i));
    reporter.onEpochEnd({ epoch: 1, epochs: 2, loss: 0.4, acc: 0.9, val_loss: 0.3, val_acc: 0.95, lr: 0.001, seconds: 2 });
    reporter.done(DONE);
    const text = out.join('');
    expect(text).not.toContain('\u001b');
    const progress = text.split('\n').filter((l) => l.includes(' batch '));
    expect(progress).toHaveLength(9);
    expect(progress[0]).toMatch(/^Epoch 1\/2 batch 2\/20 loss 0\.5000 acc 0\.8000 1000 img\/s ETA 0:02$/);
    expect(text).toContain('val_acc 0.9500');
    expect(text).toContain('Test accuracy: 99.12%');
    expect(text).toContain('Model written to /tmp/m');
  });

  it('tty: redraws one line with a bar, colour only when asked', () => {
    const colored = collect('tty', true);
    colored.reporter.onBatchEnd(batch(10));
    const line = colored.out.join('');
    expect(line.startsWith(`${CLEAR}Epoch 1/2 [`)).toBe(true);
    expect(line).toMatch(/\[=+>? *\] 10\/20 /);
    expect(colored.out.join('')).toContain('\u001b[2m');
    const plain = collect('tty', false);
    plain.reporter.onBatchEnd(batch(10));
    plain.reporter.onEpochEnd({ epoch: 1, epochs: 2, loss: 0.4, acc: 0.9, lr: 0.001, seconds: 2 });
    const text = plain.out.join('');
    expect(text.replaceAll(CLEAR, '')).not.toContain(ESC);
    expect(text.endsWith('lr 1.00e-3\n')).toBe(true);
  });

  it('aborted: says where the checkpoint is and how to resume', () => {
    const { out, reporter } = collect('plain');
    reporter.aborted({ epoch: 2, batch: 7, checkpointDir: '/tmp/m/checkpoint', resumeCommand: 'mnist train --resume --out /tmp/m' });
    expect(out.join('')).toContain('Checkpoint saved in /tmp/m/checkpoint');
    expect(out.join('')).toContain('Resume with: mnist train --resume --out /tmp/m');
  });

  it('json and text: the path of the module that failed to import tfjs-node is not printed', () => {
    const reason = "tfjs-node failed to load (Cannot find package '@tensorflow/tfjs-node' imported from /home/me/app/node_modules/x/dist/chunk.js); using wasm";
    expect(withoutImporterPath(reason)).toBe("tfjs-node failed to load (Cannot find package '@tensorflow/tfjs-node'); using wasm");
    expect(withoutImporterPath('(C:\\x imported from C:\\Users\\me\\a.js)')).toBe('(C:\\x)');
    expect(withoutImporterPath('no path here')).toBe('no path here');
  });

  it('--json: one numbering for checkpoint, resumedFrom and aborted (the epoch in progress, the batches done in it)', () => {
    const { out, reporter } = collect('json');
    const start = {
      type: 'start',
      model: 'mlp',
      parameters: 1,
      dataset: 'mnist',
      backend: BACKEND,
      trainCount: 100,
      validationCount: 0,
      testCount: 10,
      epochs: 3,
      batchSize: 10,
      batchesPerEpoch: 10,
      workers: 1,
      message: 'Training',
    } as const;
    reporter.onLog({ ...start, resumedFrom: { epoch: 0, batch: 7 } });
    reporter.onLog({ type: 'checkpoint', dir: '/m/checkpoint', epoch: 1, batch: 0, message: '' });
    reporter.onLog({ type: 'checkpoint', dir: '/m/checkpoint', epoch: 1, batch: 4, message: '' });
    reporter.aborted({ epoch: 2, batch: 4, checkpointDir: '/m/checkpoint', resumeCommand: 'mnist train --resume --out /m' });
    const events = out.join('').trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(events[0].resumedFrom).toEqual({ epoch: 1, batch: 7 });
    expect(events[1]).toMatchObject({ event: 'checkpoint', epoch: 1, batch: 10 });
    expect(events[2]).toMatchObject({ event: 'checkpoint', epoch: 2, batch: 4 });
    expect(events[3]).toMatchObject({ event: 'aborted', epoch: 2, batch: 4 });
  });

  it('plain: counts are formatted, and a training set smaller than one batch is warned about, naming the flags', () => {
    const { out, reporter } = collect('plain');
    reporter.onLog({
      type: 'start', model: 'mlp', parameters: 1, dataset: 'mnist', backend: BACKEND, trainCount: 1, validationCount: 99, testCount: 10,
      epochs: 1, batchSize: 128, batchesPerEpoch: 1, workers: 1, message: 'Training mlp',
    });
    reporter.done({ ...DONE, testCount: 10_000, epochs: 1 });
    const text = out.join('');
    expect(text).toContain('Warning: only 1 training image (less than one batch of 128)');
    expect(text).toContain('--limit');
    expect(text).toContain('--validation-split');
    expect(text).toContain('10,000 images) after 1 epoch,');
  });
});
