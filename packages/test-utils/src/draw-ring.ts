/** Grey level of the drawn stroke on the white page. */
const INK = 20;
/** Grey level of the page. */
const PAPER = 255;

/**
 * A white page with a dark ring, as someone draws a "0": `width` x `height` pixels, the ring centred
 * at (`cx`, `cy`), `radius` and `stroke` in pixels, a little narrower than tall like handwriting.
 */
export function drawRing(width: number, height: number, cx: number, cy: number, radius: number, stroke: number): Uint8Array {
  const data = new Uint8Array(width * height).fill(PAPER);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const d = Math.hypot((x - cx) / 0.7, y - cy);
      if (Math.abs(d - radius) < stroke / 2) data[y * width + x] = INK;
    }
  }
  return data;
}
