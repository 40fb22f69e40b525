import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listModels } from '@mnist/models';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

describe('mnist models / mnist summary', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'mnist-models-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('models lists every architecture with its parameter count and description', async () => {
    const r = await runCli(['models']).done;
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const lines = r.stdout.split('\n');
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(80); // fits a classic terminal
    for (const m of listModels()) {
      const at = lines.findIndex((l) => l.startsWith(`${m.name} `));
      expect(at).toBeGreaterThanOrEqual(0);
      expect(lines[at]).toContain(m.parameters.toLocaleString('en-US'));
      // The description, wrapped over this line and its continuation lines.
      const descriptionColumn = lines[0]!.indexOf('description');
      const block = [lines[at]!, ...lines.slice(at + 1).filter((_, k, rest) => rest.slice(0, k + 1).every((l) => l.startsWith(' ') && l.trim() !== ''))];
      expect(block.map((l) => l.slice(descriptionColumn)).join(' ')).toBe(m.description);
    }
    const json = JSON.parse((await runCli(['models', '--json']).done).stdout) as { name: string; parameters: number }[];
    expect(json.map((m) => [m.name, m.parameters])).toEqual(listModels().map((m) => [m.name, m.parameters]));
  });

  it('summary prints the layer table of an architecture', async () => {
    const r = await runCli(['summary', 'cnn-small']).done;
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Layer (type)');
    const params = listModels().find((m) => m.name === 'cnn-small')!.parameters;
    expect(r.stdout).toContain(`Total params: ${params.toLocaleString('en-US')}`);
    const json = JSON.parse((await runCli(['summary', 'mlp', '--json']).done).stdout) as { layers: { parameters: number }[]; parameters: number };
    expect(json.layers.reduce((s, l) => s + l.parameters, 0)).toBe(json.parameters);
  });

  it('summary of an unknown name exits 2 listing the names; of a non-model directory exits 1', async () => {
    const r = await runCli(['summary', 'resnet']).done;
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Unknown model "resnet"');
    expect(r.stderr).toContain('mlp, cnn-small, cnn, cnn-bn');
    const notModel = await runCli(['summary', dir]).done;
    expect(notModel.code).toBe(1);
    expect(notModel.stderr).toContain('is not a model directory: it has no model.json');
    const extra = await runCli(['models', 'mlp']).done;
    expect(extra.code).toBe(2);
    expect(extra.stderr).toContain('mnist summary mlp');
  });

  it('--help of both shows examples', async () => {
    for (const name of ['models', 'summary']) {
      const r = await runCli([name, '--help']).done;
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('Examples:');
    }
  });
});
