/** Side of an MNIST image, in pixels. */
export const IMAGE_SIDE_PX = 28;
/** Shades from background to full ink. */
const SHADES = ' .:-=+*#%@';
/** Pixels per character cell along each axis (28 px -> 14 characters). */
const CELL_PX = 2;

/**
 * Draws a 28x28 uint8 image (ink bright, 0..255) as 14 lines of 14 characters, each the mean of a
 * 2x2 block, so a model card can show a misclassified digit in plain Markdown.
 */
export function asciiDigit(pixels: Uint8Array): string {
  if (pixels.length !== IMAGE_SIDE_PX * IMAGE_SIDE_PX) {
    throw new Error(`Expected ${IMAGE_SIDE_PX * IMAGE_SIDE_PX} pixels (28x28), found ${pixels.length}. Pass one MNIST image.`);
  }
  const lines: string[] = [];
  for (let y = 0; y < IMAGE_SIDE_PX; y += CELL_PX) {
    let line = '';
    for (let x = 0; x < IMAGE_SIDE_PX; x += CELL_PX) {
      let sum = 0;
      for (let dy = 0; dy < CELL_PX; dy++) for (let dx = 0; dx < CELL_PX; dx++) sum += pixels[(y + dy) * IMAGE_SIDE_PX + x + dx]!;
      const mean = sum / (CELL_PX * CELL_PX) / 255;
      line += SHADES[Math.min(SHADES.length - 1, Math.round(mean * (SHADES.length - 1)))];
    }
    lines.push(line.trimEnd());
  }
  return lines.join('\n');
}
