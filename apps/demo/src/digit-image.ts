/** Pixel data of a grayscale image, either 0..255 or 0..1 (floats). */
export interface GrayImage {
  data: ArrayLike<number>;
  width: number;
  height: number;
}

/**
 * Paints a grayscale image (ink bright on black, like MNIST) into `canvas`
 * at its natural size; CSS scales it up with `image-rendering: pixelated`.
 */
export function drawGrayImage(canvas: HTMLCanvasElement, image: GrayImage): void {
  const { width, height, data } = image;
  if (data.length !== width * height) {
    throw new RangeError(`Expected ${width * height} gray pixels for ${width}x${height}, found ${data.length}.`);
  }
  if (canvas.width !== width) canvas.width = width;
  if (canvas.height !== height) canvas.height = height;
  const context = canvas.getContext('2d');
  if (!context) return;
  let max = 0;
  for (let i = 0; i < data.length; i += 1) max = Math.max(max, data[i]!);
  const scale = max <= 1 ? 255 : 1;
  const out = context.createImageData(width, height);
  for (let i = 0; i < data.length; i += 1) {
    const v = Math.round(Math.min(255, Math.max(0, data[i]! * scale)));
    out.data[i * 4] = v;
    out.data[i * 4 + 1] = v;
    out.data[i * 4 + 2] = v;
    out.data[i * 4 + 3] = 255;
  }
  context.putImageData(out, 0, 0);
}

/** Fills `canvas` with black: "nothing to see". */
export function clearGrayImage(canvas: HTMLCanvasElement): void {
  const context = canvas.getContext('2d');
  if (!context) return;
  context.fillStyle = '#000';
  context.fillRect(0, 0, canvas.width, canvas.height);
}
