import { describe, expect, it } from 'vitest';
import type { CommandContext } from './command.js';
import { progressLine } from './progress-line.js';
import { colorEnabled } from './terminal-style.js';

function sink(isTTY: boolean) {
  const chunks: string[] = [];
  return { chunks, stream: { isTTY, write: (c: string) => chunks.push(c) > 0 } as unknown as CommandContext['stderr'] };
}

describe('progressLine / colorEnabled', () => {
  it('draws a bar on a terminal, throttled, always the final state, and clears it', () => {
    const { chunks, stream } = sink(true);
    let t = 0;
    const bar = progressLine({ stderr: stream }, 'Evaluating', () => t);
    bar.update(10, 100);
    bar.update(20, 100); // within the redraw interval: skipped
    t = 1000;
    bar.update(100, 100);
    bar.clear();
    expect(chunks).toHaveLength(3);
    expect(chunks[0]).toContain('Evaluating [===>');
    expect(chunks[0]).toContain('10/100');
    expect(chunks[1]).toContain('100/100');
    expect(chunks[2]).toBe('\r\u001b[2K');
  });

  it('prints nothing when stderr is not a terminal', () => {
    const { chunks, stream } = sink(false);
    const bar = progressLine({ stderr: stream }, 'x');
    bar.update(1, 2);
    bar.clear();
    expect(chunks).toEqual([]);
  });

  it('colour only on a TTY without NO_COLOR', () => {
    const tty = { isTTY: true } as CommandContext['stdout'];
    const pipe = { isTTY: false } as CommandContext['stdout'];
    expect(colorEnabled({ stdout: tty, env: {} })).toBe(true);
    expect(colorEnabled({ stdout: tty, env: { NO_COLOR: '1' } })).toBe(false);
    expect(colorEnabled({ stdout: pipe, env: {} })).toBe(false);
  });
});
