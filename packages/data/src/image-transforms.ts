/**
 * Single-image transforms on uint8 images (row-major, bright ink on black, like MNIST) that stand
 * for capture pipelines MNIST lacks: box normalisation, binarisation, low resolution, broken
 * strokes and speckle noise. Each works in place or into a caller's buffer and allocates nothing
 * per call, so `augment` can apply them to 60,000 images per epoch.
 */

/** Side of the box MNIST scales its digits into, in pixels. */
export const DIGIT_BOX_PX = 20;
/** Full-scale pixel value. */
const WHITE = 255;
/** Pixels at or above this value (of 255) count as ink when looking for stroke pixels. */
export const INK_THRESHOLD = 128;

/** Ink bounding box (inclusive bounds) of pixels above `threshold`, or null for a blank image. */
export function inkBounds(
  image: Uint8Array,
  rows: number,
  cols: number,
  threshold = 0,
): { minX: number; minY: number; maxX: number; maxY: number } | null {
  let minX = cols;
  let minY = rows;
  let maxX = -1;
  let maxY = -1;
  for (let y = 0; y < rows; y++) {
    const row = y * cols;
    for (let x = 0; x < cols; x++) {
      if (image[row + x]! > threshold) {
        if (x < minX) minX = x;
        if (x > maxX) maxX = x;
        if (y < minY) minY = y;
        maxY = y;
      }
    }
  }
  return maxX < 0 ? null : { minX, minY, maxX, maxY };
}

/**
 * Box normalisation, as some scanners and datasets do: the digit's bounding box is stretched to fill
 * a centred square of `box` pixels (aspect ratio lost), bilinear. Writes into `out` (rows x cols,
 * not `image`). A blank image gives a blank image.
 */
export function boxNormalize(image: Uint8Array, rows: number, cols: number, out: Uint8Array, box = DIGIT_BOX_PX): void {
  out.fill(0, 0, rows * cols);
  const bounds = inkBounds(image, rows, cols);
  if (!bounds) return;
  // Pixel centres of the box edges map onto the outermost ink pixels' centres.
  const top = Math.floor((rows - box) / 2);
  const left = Math.floor((cols - box) / 2);
  const scaleX = box > 1 ? (bounds.maxX - bounds.minX) / (box - 1) : 0;
  const scaleY = box > 1 ? (bounds.maxY - bounds.minY) / (box - 1) : 0;
  for (let y = 0; y < box; y++) {
    const sy = bounds.minY + y * scaleY;
    for (let x = 0; x < box; x++) {
      out[(top + y) * cols + left + x] = sampleBilinear(image, 0, rows, cols, bounds.minX + x * scaleX, sy);
    }
  }
}

/** Hard threshold in place: pixels at or above `threshold` become 255, the rest 0 (fax, form scanners). */
export function binarize(image: Uint8Array, pixels: number, threshold: number): void {
  for (let i = 0; i < pixels; i++) image[i] = image[i]! >= threshold ? WHITE : 0;
}

/**
 * Area-average downsampling of a rows x cols image to size x size (`small`, size*size elements).
 * Each output pixel averages the source pixels its footprint covers, weighted by overlap.
 */
export function downsample(image: Uint8Array, rows: number, cols: number, small: Uint8Array, size: number): void {
  const fy = rows / size;
  const fx = cols / size;
  for (let oy = 0; oy < size; oy++) {
    const y0 = oy * fy;
    const y1 = y0 + fy;
    for (let ox = 0; ox < size; ox++) {
      const x0 = ox * fx;
      const x1 = x0 + fx;
      let sum = 0;
      for (let y = Math.floor(y0); y < Math.ceil(y1); y++) {
        const wy = Math.min(y + 1, y1) - Math.max(y, y0);
        for (let x = Math.floor(x0); x < Math.ceil(x1); x++) {
          const wx = Math.min(x + 1, x1) - Math.max(x, x0);
          sum += wy * wx * image[y * cols + x]!;
        }
      }
      small[oy * size + ox] = Math.round(sum / (fx * fy));
    }
  }
}

/** Bilinear upsampling of a size x size image to rows x cols (`out`), pixel centres aligned. */
export function upsample(small: Uint8Array, size: number, out: Uint8Array, rows: number, cols: number): void {
  const fy = size / rows;
  const fx = size / cols;
  for (let y = 0; y < rows; y++) {
    const sy = Math.min(size - 1, Math.max(0, (y + 0.5) * fy - 0.5));
    for (let x = 0; x < cols; x++) {
      const sx = Math.min(size - 1, Math.max(0, (x + 0.5) * fx - 0.5));
      out[y * cols + x] = sampleBilinear(small, 0, size, size, sx, sy);
    }
  }
}

/**
 * Broken strokes in place: erases `count` gaps, each a disc of `radius` pixels centred on an ink
 * pixel (value >= {@link INK_THRESHOLD}) picked with `rng`, as a pen that skips or a scan that drops
 * out does. `scratch` (rows*cols Int32Array) lists the ink pixels.
 */
export function breakStrokes(
  image: Uint8Array,
  rows: number,
  cols: number,
  count: number,
  radius: number,
  rng: () => number,
  scratch: Int32Array,
): void {
  let inkCount = 0;
  for (let i = 0; i < rows * cols; i++) if (image[i]! >= INK_THRESHOLD) scratch[inkCount++] = i;
  if (inkCount === 0) return;
  const reach = Math.ceil(radius);
  const r2 = radius * radius;
  for (let g = 0; g < count; g++) {
    const centre = scratch[Math.floor(rng() * inkCount)]!;
    const cy = Math.floor(centre / cols);
    const cx = centre - cy * cols;
    for (let dy = -reach; dy <= reach; dy++) {
      const y = cy + dy;
      if (y < 0 || y >= rows) continue;
      for (let dx = -reach; dx <= reach; dx++) {
        const x = cx + dx;
        if (x < 0 || x >= cols || dx * dx + dy * dy > r2) continue;
        image[y * cols + x] = 0;
      }
    }
  }
}

/** Speckle noise in place: each pixel, with probability `density`, becomes a random bright (salt) or dark (pepper) value. */
export function addSpeckle(image: Uint8Array, pixels: number, density: number, rng: () => number): void {
  for (let i = 0; i < pixels; i++) {
    if (rng() < density) {
      const u = rng();
      // Mostly salt (dust, sensor noise on dark background), some pepper (holes in the ink).
      image[i] = u < 0.75 ? Math.round(WHITE * (0.5 + u * (0.5 / 0.75))) : 0;
    }
  }
}

/** Bilinear sample of image `base` at (x, y); black outside the image. */
export function sampleBilinear(src: Uint8Array, base: number, rows: number, cols: number, x: number, y: number): number {
  if (x <= -1 || y <= -1 || x >= cols || y >= rows) return 0;
  const x0 = Math.floor(x);
  const y0 = Math.floor(y);
  const fx = x - x0;
  const fy = y - y0;
  const r0 = base + y0 * cols;
  const r1 = r0 + cols;
  let a: number;
  let b: number;
  let c: number;
  let d: number;
  if (x0 >= 0 && y0 >= 0 && x0 + 1 < cols && y0 + 1 < rows) {
    a = src[r0 + x0]!;
    b = src[r0 + x0 + 1]!;
    c = src[r1 + x0]!;
    d = src[r1 + x0 + 1]!;
  } else {
    // Near the border: samples outside the image are black.
    const inX0 = x0 >= 0;
    const inX1 = x0 + 1 < cols;
    const inY0 = y0 >= 0;
    const inY1 = y0 + 1 < rows;
    a = inY0 && inX0 ? src[r0 + x0]! : 0;
    b = inY0 && inX1 ? src[r0 + x0 + 1]! : 0;
    c = inY1 && inX0 ? src[r1 + x0]! : 0;
    d = inY1 && inX1 ? src[r1 + x0 + 1]! : 0;
  }
  const top = a + (b - a) * fx;
  const bottom = c + (d - c) * fx;
  const v = top + (bottom - top) * fy;
  return v <= 0 ? 0 : v >= WHITE ? WHITE : Math.round(v);
}
