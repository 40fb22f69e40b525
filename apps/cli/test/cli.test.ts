import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

describe('mnist (dispatcher)', () => {
  it('--help lists the commands and exits 0; --version prints a version', async () => {
    const help = await runCli(['--help']).done;
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: mnist <command>');
    expect(help.stdout).toMatch(/\n {2}train {2}/);
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

  it('train --help documents the flags', async () => {
    const r = await runCli(['train', '--help']).done;
    expect(r.code).toBe(0);
    for (const flag of ['--model', '--dataset', '--epochs', '--batch-size', '--out', '--preset', '--resume', '--backend', '--json']) {
      expect(r.stdout).toContain(flag);
    }
  });
});
