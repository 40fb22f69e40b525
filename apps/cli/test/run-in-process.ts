import { Writable } from 'node:stream';
import type { CommandContext } from '../src/command.js';
import { main } from '../src/main.js';

/** What an in-process run printed and returned. */
export interface InProcessRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs `mnist …argv` in this process through `main(argv, context)` (no child process, no built binary),
 * capturing both streams. `env` is added to the test's environment (with NO_COLOR set).
 */
export async function runInProcess(argv: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<InProcessRun> {
  let stdout = '';
  let stderr = '';
  const sink = (append: (text: string) => void) =>
    new Writable({
      write(chunk, _encoding, callback) {
        append(String(chunk));
        callback();
      },
    });
  const context: CommandContext = {
    stdout: sink((text) => {
      stdout += text;
    }),
    stderr: sink((text) => {
      stderr += text;
    }),
    env: { ...process.env, NO_COLOR: '1', ...options.env },
    cwd: options.cwd ?? process.cwd(),
  };
  const code = await main(argv, context);
  return { code, stdout, stderr };
}
