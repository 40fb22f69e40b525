import { describe, expect, it } from 'vitest';
import { ASCII_RAMP, renderDigitTerminal } from './render-digit-terminal.js';

describe('renderDigitTerminal', () => {
  const pixels = [0, 255, 128, 0, 255, 255];

  it('without colour: one line per row, two ramp characters per pixel', () => {
    const text = renderDigitTerminal(pixels, 2, 3, { color: false });
    const ramp = (v: number) => ASCII_RAMP[Math.round((v / 255) * (ASCII_RAMP.length - 1))]!.repeat(2);
    expect(text).toBe(`${ramp(0)}${ramp(255)}${ramp(128)}\n${ramp(0)}${ramp(255)}${ramp(255)}\n`);
  });

  it('with colour: half blocks, upper pixel as foreground and lower as background', () => {
    const text = renderDigitTerminal(pixels, 2, 3, { color: true });
    const lines = text.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('\u001b[38;5;16;48;5;16m\u2580'); // black over black
    expect(lines[0]).toContain('\u001b[38;5;231;48;5;231m\u2580'); // white over white
    expect(lines[0]!.endsWith('\u001b[0m')).toBe(true);
  });
});
