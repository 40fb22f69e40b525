import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The built binary the tests run, as users do: `node dist/bin.js …`. */
export const BIN = fileURLToPath(new URL('../dist/bin.js', import.meta.url));

export interface CliRun {
  child: ChildProcess;
  /** Resolves when the process exits. */
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
  /** Resolves with the first stdout line matching `test` (JSON events). */
  waitForLine(test: (line: string) => boolean): Promise<string>;
}

/** Spawns `node dist/bin.js ...args` with NO_COLOR and piped output (as another user when `uid`/`gid` are given). */
export function runCli(args: string[], options: { cwd?: string; uid?: number; gid?: number } = {}): CliRun {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: options.cwd,
    ...(options.uid === undefined ? {} : { uid: options.uid }),
    ...(options.gid === undefined ? {} : { gid: options.gid }),
    env: { ...process.env, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const waiters: { test: (line: string) => boolean; resolve: (line: string) => void }[] = [];
  let pending = '';
  child.stdout!.setEncoding('utf8');
  child.stderr!.setEncoding('utf8');
  child.stdout!.on('data', (chunk: string) => {
    stdout += chunk;
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      for (const w of [...waiters]) {
        if (w.test(line)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(line);
        }
      }
    }
  });
  child.stderr!.on('data', (chunk: string) => {
    stderr += chunk;
  });
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve) => {
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return {
    child,
    done,
    waitForLine: (test) =>
      new Promise((resolve, reject) => {
        waiters.push({ test, resolve });
        void done.then(() => reject(new Error(`process exited before the expected line.\nstdout:\n${stdout}\nstderr:\n${stderr}`)));
      }),
  };
}
