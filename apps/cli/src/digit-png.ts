import { PNG } from 'pngjs';

/**
 * Encodes a grey image (row-major bytes, 255 = ink as in MNIST) as a PNG, each pixel drawn as a
 * `scale` x `scale` block. `invert` draws dark ink on white, as on paper.
 */
export function encodeDigitPng(pixels: ArrayLike<number>, rows: number, cols: number, options: { scale?: number; invert?: boolean } = {}): Uint8Array {
  const scale = options.scale ?? 1;
  const png = new PNG({ width: cols * scale, height: rows * scale, colorType: 0, inputColorType: 0, bitDepth: 8, inputHasAlpha: false });
  const out = Buffer.alloc(cols * scale * rows * scale);
  for (let y = 0; y < rows * scale; y++) {
    for (let x = 0; x < cols * scale; x++) {
      const v = pixels[Math.floor(y / scale) * cols + Math.floor(x / scale)] ?? 0;
      out[y * cols * scale + x] = options.invert ? 255 - v : v;
    }
  }
  png.data = out;
  return PNG.sync.write(png, { colorType: 0, inputColorType: 0, inputHasAlpha: false });
}

/** `encodeDigitPng` as a `data:image/png;base64,…` URI for an `<img src>`. */
export function digitPngDataUri(pixels: ArrayLike<number>, rows: number, cols: number, options: { scale?: number; invert?: boolean } = {}): string {
  return `data:image/png;base64,${Buffer.from(encodeDigitPng(pixels, rows, cols, options)).toString('base64')}`;
}
