import { describe, expect, it } from 'vitest';
import { asciiDigit, IMAGE_SIDE_PX } from './ascii-digit.js';

describe('asciiDigit', () => {
  it('draws a vertical bar where the ink is, blank elsewhere', () => {
    const pixels = new Uint8Array(IMAGE_SIDE_PX * IMAGE_SIDE_PX);
    for (let y = 4; y < 24; y++) for (let x = 12; x < 16; x++) pixels[y * IMAGE_SIDE_PX + x] = 255;
    const lines = asciiDigit(pixels).split('\n');
    expect(lines).toHaveLength(14);
    expect(lines[0]).toBe('');
    expect(lines[5]).toBe('      @@');
  });

  it('refuses an image of the wrong size', () => {
    expect(() => asciiDigit(new Uint8Array(100))).toThrow(/784 pixels/);
  });
});
