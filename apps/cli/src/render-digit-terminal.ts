/** Grey ramp for terminals without colour, darkest first (one pixel = two characters). */
export const ASCII_RAMP = ' .:-=+*#%@';
/** xterm-256 grey ramp: 16 (black), 232..255 (24 greys), 231 (white). */
const XTERM_GREYS = [16, ...Array.from({ length: 24 }, (_, i) => 232 + i), 231];
const UPPER_HALF_BLOCK = '\u2580';
const RESET = '\u001b[0m';
const MAX_BYTE = 255;

function xtermGrey(value: number): number {
  const index = Math.round((Math.min(MAX_BYTE, Math.max(0, value)) / MAX_BYTE) * (XTERM_GREYS.length - 1));
  return XTERM_GREYS[index]!;
}

/**
 * Draws a grey image (row-major bytes, 255 = bright ink as in MNIST) for a terminal.
 * With colour: one text row per two pixel rows, upper half block `▀` painted with the upper pixel as
 * foreground and the lower as background, in 26 xterm grey levels. Without colour: one text row per pixel
 * row, two characters per pixel from `ASCII_RAMP`, so the digit keeps its proportions.
 */
export function renderDigitTerminal(pixels: ArrayLike<number>, rows: number, cols: number, options: { color: boolean }): string {
  const at = (r: number, c: number) => (r < rows ? (pixels[r * cols + c] ?? 0) : 0);
  const lines: string[] = [];
  if (options.color) {
    for (let r = 0; r < rows; r += 2) {
      let line = '';
      for (let c = 0; c < cols; c++) line += `\u001b[38;5;${xtermGrey(at(r, c))};48;5;${xtermGrey(at(r + 1, c))}m${UPPER_HALF_BLOCK}`;
      lines.push(`${line}${RESET}`);
    }
  } else {
    const last = ASCII_RAMP.length - 1;
    for (let r = 0; r < rows; r++) {
      let line = '';
      for (let c = 0; c < cols; c++) {
        const ch = ASCII_RAMP[Math.round((Math.min(MAX_BYTE, Math.max(0, at(r, c))) / MAX_BYTE) * last)]!;
        line += ch + ch;
      }
      lines.push(line);
    }
  }
  return `${lines.join('\n')}\n`;
}
