import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, runCli } from './run-cli.js';

describe('mnist (dispatcher)', () => {
  it('--help lists the commands and exits 0; --version prints a version', async () => {
    const help = await runCli(['--help']).done;
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: mnist <command>');
    expect(help.stdout).toMatch(/\n {2}train {2}/);
    expect(help.stdout).toContain('Examples:');
    expect(help.stdout).toContain('mnist predict ');
    const version = await runCli(['--version']).done;
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('an unknown command or no command is a usage error (exit 2)', async () => {
    const unknown = await runCli(['trian']).done;
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Unknown command "trian"');
    expect(unknown.stderr).toContain('train');
    const none = await runCli([]).done;
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('Usage: mnist');
  });

  it('drops the -- that `pnpm train -- <flags>` passes on', async () => {
    const r = await runCli(['train', '--', '--help']).done;
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('--preset');
    const typo = await runCli(['evaluate', '--', '--lim', '5']).done;
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('Unknown flag --lim');
  });

  it('train --help documents the flags', async () => {
    const r = await runCli(['train', '--help']).done;
    expect(r.code).toBe(0);
    for (const flag of ['--model', '--dataset', '--epochs', '--batch-size', '--out', '--preset', '--resume', '--backend', '--json']) {
      expect(r.stdout).toContain(flag);
    }
  });

  it('an unknown flag is named with the accepted ones (and a close match); a negative number is explained', async () => {
    const typo = await runCli(['evaluate', '--lim', '5']).done;
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('Unknown flag --lim (did you mean --limit?)');
    expect(typo.stderr).toContain('--model-dir');
    expect(typo.stderr).not.toContain("place it at the end of the command after '--'");
    const negative = await runCli(['data', 'show', '-1']).done;
    expect(negative.code).toBe(2);
    expect(negative.stderr).toContain('-1 is not a valid value here: numbers must not be negative');
  });

  it('output piped into a reader that stops early (mnist … | head) ends quietly, without a stack trace', async () => {
    const child = spawn(process.execPath, [BIN, 'data', 'show', '0'], { env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).not.toContain('EPIPE');
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(code).toBe(0);
  });

  it('train --backend cpu keeps TensorFlow.js\'s "install tfjs-node" banner out of the output', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mnist-cli-banner-'));
    try {
      const r = await runCli(['train', '--backend', 'cpu', '--model', 'mlp', '--limit', '128', '--epochs', '1', '--test-limit', '100', '--out', join(dir, 'model')]).done;
      expect(r.code).toBe(0);
      expect(`${r.stdout}${r.stderr}`).not.toContain('looks like you are running TensorFlow.js in Node.js');
      expect(r.stdout).toContain('Test accuracy');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
