import { InvalidOptionError } from './errors';

export interface AugmentOptions {
  /** Maximum rotation in degrees; each image gets a uniform angle in [-rotation, rotation]. */
  rotation?: number;
  /** Maximum relative scale change, e.g. 0.1 for a zoom factor in [0.9, 1.1]. */
  scale?: number;
  /** Maximum shift in pixels along each axis. */
  translation?: number;
  /** Elastic distortion (Simard et al. 2003): uniform random displacements in [-1, 1] smoothed with a Gaussian of `sigma` pixels, then multiplied by `alpha` (the paper's values: alpha 34, sigma 4). */
  elastic?: false | { alpha: number; sigma: number };
  /**
   * Change of stroke width, in pixels per side: each image's strokes are thickened (grayscale
   * dilation) or thinned (erosion) by a uniform amount in [-thin, thicken] (a number `s` means
   * [-s, s]), applied after the affine transform. Whole pixels are passes with a 3x3 cross; the
   * fraction blends the image with one more pass. Teaches a model the pen widths real handwriting
   * has and MNIST lacks, e.g. `{ thin: 0.5, thicken: 1.5 }`.
   */
  stroke?: number | { thin: number; thicken: number };
}

const DEGREES_TO_RADIANS = Math.PI / 180;
/** Box-blur passes approximating a Gaussian (three passes are within a few percent). */
const BOX_BLUR_PASSES = 3;

/**
 * Random affine transforms (rotation, scale, translation about the image centre, bilinear
 * sampling, black outside) and optional elastic distortion of `count` uint8 images of
 * rows x cols. Deterministic for a given `rng` sequence. Writes into `out` when given
 * (which must not be `images`).
 */
export function augment(
  images: Uint8Array,
  count: number,
  rows: number,
  cols: number,
  options: AugmentOptions,
  rng: () => number,
  out?: Uint8Array,
): Uint8Array {
  const pixels = rows * cols;
  if (!Number.isInteger(count) || count < 0 || images.length < count * pixels) {
    throw new InvalidOptionError('augment count', `an integer with count*rows*cols <= ${images.length}`, count);
  }
  const target = out ?? new Uint8Array(count * pixels);
  if (target.length < count * pixels) {
    throw new InvalidOptionError('augment out', `a Uint8Array of at least ${count * pixels} elements`, `${target.length} elements`);
  }
  if (target === images) throw new InvalidOptionError('augment out', 'a different array than images', 'the same array');
  const maxRotation = (options.rotation ?? 0) * DEGREES_TO_RADIANS;
  const maxScale = options.scale ?? 0;
  const maxShift = options.translation ?? 0;
  const elastic = options.elastic || undefined;
  if (maxScale < 0 || maxScale >= 1) throw new InvalidOptionError('augment scale', 'a number in [0, 1)', maxScale);
  const stroke = options.stroke ?? 0;
  const thin = typeof stroke === 'number' ? stroke : stroke.thin;
  const thicken = typeof stroke === 'number' ? stroke : stroke.thicken;
  for (const [name, value] of [['thin', thin], ['thicken', thicken]] as const) {
    if (!(value >= 0 && value <= MAX_STROKE)) {
      throw new InvalidOptionError(`augment stroke ${name}`, `a number of pixels in [0, ${MAX_STROKE}]`, value);
    }
  }
  const strokeScratch = thin + thicken > 0 ? new Uint8Array(pixels) : undefined;
  const dx = elastic ? new Float32Array(pixels) : undefined;
  const dy = elastic ? new Float32Array(pixels) : undefined;
  // Room for the longest line plus the widest blur window's padding on both sides.
  const scratch = elastic ? new Float64Array(Math.max(rows, cols) + 2 * blurRadius(elastic.sigma) + 2) : undefined;
  const cy = (rows - 1) / 2;
  const cx = (cols - 1) / 2;

  for (let n = 0; n < count; n++) {
    const angle = (rng() * 2 - 1) * maxRotation;
    const zoom = 1 + (rng() * 2 - 1) * maxScale;
    const shiftX = (rng() * 2 - 1) * maxShift;
    const shiftY = (rng() * 2 - 1) * maxShift;
    if (elastic && dx && dy && scratch) {
      elasticField(dx, dy, rows, cols, elastic.alpha, elastic.sigma, rng, scratch);
    }
    // Inverse map: source = R(-angle) * (dest - centre - shift) / zoom + centre.
    const cos = Math.cos(angle) / zoom;
    const sin = Math.sin(angle) / zoom;
    const base = n * pixels;
    const ox0 = -cx - shiftX;
    for (let y = 0; y < rows; y++) {
      const oy = y - cy - shiftY;
      // Source coordinates of (0, y); each step in x adds (cos, -sin).
      let sx = cos * ox0 + sin * oy + cx;
      let sy = -sin * ox0 + cos * oy + cy;
      const row = base + y * cols;
      for (let x = 0; x < cols; x++, sx += cos, sy -= sin) {
        if (dx && dy) {
          const p = y * cols + x;
          target[row + x] = sampleBilinear(images, base, rows, cols, sx + dx[p]!, sy + dy[p]!);
        } else {
          target[row + x] = sampleBilinear(images, base, rows, cols, sx, sy);
        }
      }
    }
    if (strokeScratch) {
      changeStrokeWidth(target.subarray(base, base + pixels), rows, cols, rng() * (thin + thicken) - thin, strokeScratch);
    }
  }
  return target;
}

/** Largest stroke change `augment` accepts, in pixels per side (more erases MNIST's strokes). */
export const MAX_STROKE = 3;

/**
 * Thickens (amount > 0) or thins (amount < 0) the strokes of one image in place by |amount| pixels
 * per side: whole passes of 3x3-cross dilation/erosion, then a blend towards one more pass for the
 * fraction. Pixels outside the image count as background (0).
 */
export function changeStrokeWidth(image: Uint8Array, rows: number, cols: number, amount: number, scratch: Uint8Array): void {
  const thicken = amount > 0;
  let left = Math.abs(amount);
  while (left > 1e-6) {
    const weight = Math.min(1, left);
    left -= weight;
    scratch.set(image.subarray(0, rows * cols));
    for (let y = 0; y < rows; y++) {
      for (let x = 0; x < cols; x++) {
        const p = y * cols + x;
        const c = scratch[p]!;
        const up = y > 0 ? scratch[p - cols]! : 0;
        const down = y + 1 < rows ? scratch[p + cols]! : 0;
        const l = x > 0 ? scratch[p - 1]! : 0;
        const r = x + 1 < cols ? scratch[p + 1]! : 0;
        const m = thicken ? Math.max(c, up, down, l, r) : Math.min(c, up, down, l, r);
        image[p] = weight === 1 ? m : Math.round(c + (m - c) * weight);
      }
    }
  }
}

function sampleBilinear(src: Uint8Array, base: number, rows: number, cols: number, x: number, y: number): number {
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
  return v <= 0 ? 0 : v >= 255 ? 255 : Math.round(v);
}

/** Box radius whose three passes approximate a Gaussian of this sigma: width = sqrt(12 sigma^2 / passes + 1). */
function blurRadius(sigma: number): number {
  return Math.max(0, Math.round((Math.sqrt((12 * sigma * sigma) / BOX_BLUR_PASSES + 1) - 1) / 2));
}

function elasticField(
  dx: Float32Array,
  dy: Float32Array,
  rows: number,
  cols: number,
  alpha: number,
  sigma: number,
  rng: () => number,
  scratch: Float64Array,
): void {
  // Two 16-bit uniform values in [-1, 1) per rng call: half the generator cost, ample resolution for noise.
  for (let i = 0; i < dx.length; i++) {
    const bits = Math.floor(rng() * 4294967296);
    dx[i] = (bits >>> 16) / 32768 - 1;
    dy[i] = (bits & 0xffff) / 32768 - 1;
  }
  const radius = blurRadius(sigma);
  for (const field of [dx, dy]) {
    for (let pass = 0; pass < BOX_BLUR_PASSES; pass++) {
      boxBlur(field, rows, cols, radius, 1, cols, scratch); // along rows
      boxBlur(field, cols, rows, radius, cols, 1, scratch); // along columns
    }
    for (let i = 0; i < field.length; i++) field[i] = field[i]! * alpha;
  }
}

/** In-place 1-D box blur of `lines` lines of `length` samples (edges extended). */
function boxBlur(
  field: Float32Array,
  lines: number,
  length: number,
  radius: number,
  step: number,
  lineStride: number,
  scratch: Float64Array,
): void {
  if (radius === 0) return;
  const inv = 1 / (2 * radius + 1);
  // scratch[radius + i] = sample i; the radius cells on each side repeat the edge samples.
  for (let l = 0; l < lines; l++) {
    const start = l * lineStride;
    const first = field[start]!;
    const lastValue = field[start + (length - 1) * step]!;
    for (let k = 0; k < radius; k++) {
      scratch[k] = first;
      scratch[radius + length + k] = lastValue;
    }
    for (let i = 0, at = start; i < length; i++, at += step) scratch[radius + i] = field[at]!;
    let sum = 0;
    for (let k = 0; k <= 2 * radius; k++) sum += scratch[k]!;
    for (let i = 0, at = start; i < length; i++, at += step) {
      field[at] = sum * inv;
      // Window for sample i+1 covers scratch[i + 1 .. i + 1 + 2 * radius].
      if (i + 1 < length) sum += scratch[i + 1 + 2 * radius]! - scratch[i]!;
    }
  }
}
