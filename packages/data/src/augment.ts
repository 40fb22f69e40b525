import { InvalidOptionError } from './errors';
import { addSpeckle, binarize, boxNormalize, breakStrokes, downsample, sampleBilinear, upsample } from './image-transforms';

export interface AugmentOptions {
  /** Maximum rotation in degrees; each image gets a uniform angle in [-rotation, rotation]. */
  rotation?: number;
  /** Maximum relative scale change, e.g. 0.1 for a zoom factor in [0.9, 1.1]. */
  scale?: number;
  /** Maximum shift in pixels along each axis. */
  translation?: number;
  /** Maximum horizontal shear (slant) in degrees, in [0, 60]; each image gets a uniform angle in [-shear, shear]. */
  shear?: number;
  /** Maximum relative change of the width against the height, in [0, 1): 0.3 stretches widths by a factor in [0.7, 1.3]. */
  aspect?: number;
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
  /** Probability in [0, 1] that an image is box-normalised first: its bounding box stretched to fill the 20x20 digit box (aspect ratio lost). */
  boxNormalize?: number;
  /** Probability that an image is downsampled (area average) to a side in [LOW_RESOLUTION_MIN_PX, LOW_RESOLUTION_MAX_PX] and upsampled back (bilinear). */
  lowResolution?: number;
  /** Probability that an image is binarised at a threshold uniform in [BINARIZE_MIN, BINARIZE_MAX] (of 255). */
  binarize?: number;
  /** Probability that 1 to MAX_GAPS short gaps (discs of radius 1 to 1.8 px) are cut into the strokes. */
  gaps?: number;
  /** Probability that speckle noise is added, at a density uniform in [0, MAX_SPECKLE_DENSITY] of the pixels. */
  speckle?: number;
}

/** The images and generator `augment` works on, and the transforms it applies. */
export interface AugmentRequest {
  /** `count` uint8 images of rows x cols, row-major. Never modified. */
  images: Uint8Array;
  count: number;
  rows: number;
  cols: number;
  /** What to apply; `{}` copies the images unchanged. */
  transforms: AugmentOptions;
  /** Source of randomness in [0, 1), e.g. `createRng(seed)`: the same sequence gives the same images. */
  rng: () => number;
  /** Where to write (at least count*rows*cols elements, not `images`); default a new array. */
  out?: Uint8Array;
}

const DEGREES_TO_RADIANS = Math.PI / 180;
/** Box-blur passes approximating a Gaussian (three passes are within a few percent). */
const BOX_BLUR_PASSES = 3;
/** Largest `shear` accepted, in degrees. */
const MAX_SHEAR_DEGREES = 60;
/** Side range (pixels) of the low-resolution round trip (16x16 and 12x12 scans lie inside). */
export const LOW_RESOLUTION_MIN_PX = 10;
export const LOW_RESOLUTION_MAX_PX = 20;
/** Range of binarisation thresholds, of 255. */
export const BINARIZE_MIN = 64;
export const BINARIZE_MAX = 192;
/** Most gaps cut into one image by `gaps`. */
export const MAX_GAPS = 3;
const GAP_MIN_RADIUS_PX = 1;
const GAP_MAX_RADIUS_PX = 1.8;
/** Highest share of pixels `speckle` changes. */
export const MAX_SPECKLE_DENSITY = 0.03;

function checkProbability(name: string, value: number | undefined): number {
  const p = value ?? 0;
  if (!(p >= 0 && p <= 1)) throw new InvalidOptionError(`augment ${name}`, 'a probability in [0, 1]', value);
  return p;
}

/**
 * Random affine transforms (rotation, scale, shear, aspect change, translation about the image
 * centre, bilinear sampling, black outside), optional elastic distortion and stroke-width change, and
 * optional capture-pipeline effects (box normalisation, low resolution, binarisation, gaps, speckle)
 * of `count` uint8 images of rows x cols. Deterministic for a given `rng` sequence; options left out
 * draw nothing from `rng`, so adding none keeps earlier sequences.
 */
export function augment(request: AugmentRequest): Uint8Array {
  const { images, count, rows, cols, transforms: options, rng, out } = request;
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
  const maxShear = options.shear ?? 0;
  const maxAspect = options.aspect ?? 0;
  const elastic = options.elastic || undefined;
  if (maxScale < 0 || maxScale >= 1) throw new InvalidOptionError('augment scale', 'a number in [0, 1)', maxScale);
  if (!(maxShear >= 0 && maxShear <= MAX_SHEAR_DEGREES)) {
    throw new InvalidOptionError('augment shear', `a number of degrees in [0, ${MAX_SHEAR_DEGREES}]`, options.shear);
  }
  if (!(maxAspect >= 0 && maxAspect < 1)) throw new InvalidOptionError('augment aspect', 'a number in [0, 1)', options.aspect);
  const stroke = options.stroke ?? 0;
  const thin = typeof stroke === 'number' ? stroke : stroke.thin;
  const thicken = typeof stroke === 'number' ? stroke : stroke.thicken;
  for (const [name, value] of [['thin', thin], ['thicken', thicken]] as const) {
    if (!(value >= 0 && value <= MAX_STROKE)) {
      throw new InvalidOptionError(`augment stroke ${name}`, `a number of pixels in [0, ${MAX_STROKE}]`, value);
    }
  }
  const pBox = checkProbability('boxNormalize', options.boxNormalize);
  const pLow = checkProbability('lowResolution', options.lowResolution);
  const pBinarize = checkProbability('binarize', options.binarize);
  const pGaps = checkProbability('gaps', options.gaps);
  const pSpeckle = checkProbability('speckle', options.speckle);
  const strokeScratch = thin + thicken > 0 ? new Uint8Array(pixels) : undefined;
  const boxed = pBox > 0 ? new Uint8Array(pixels) : undefined;
  const small = pLow > 0 ? new Uint8Array(LOW_RESOLUTION_MAX_PX * LOW_RESOLUTION_MAX_PX) : undefined;
  const inkList = pGaps > 0 ? new Int32Array(pixels) : undefined;
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
    const shearTan = maxShear > 0 ? Math.tan((rng() * 2 - 1) * maxShear * DEGREES_TO_RADIANS) : 0;
    const widthFactor = maxAspect > 0 ? 1 + (rng() * 2 - 1) * maxAspect : 1;
    let source = images;
    let sourceBase = n * pixels;
    if (boxed && rng() < pBox) {
      boxNormalize(images.subarray(sourceBase, sourceBase + pixels), rows, cols, boxed);
      source = boxed;
      sourceBase = 0;
    }
    if (elastic && dx && dy && scratch) {
      elasticField(dx, dy, rows, cols, elastic.alpha, elastic.sigma, rng, scratch);
    }
    // Forward map: dest = R(angle) * Shear * diag(zoom * widthFactor, zoom) * (src - centre) + centre + shift.
    // Inverse (what is sampled): src = diag(1 / (zoom * widthFactor), 1 / zoom) * Shear^-1 * R(-angle) * (dest - centre - shift) + centre.
    const cos = Math.cos(angle);
    const sin = Math.sin(angle);
    const zx = zoom * widthFactor;
    const m00 = (cos + shearTan * sin) / zx;
    const m01 = (sin - shearTan * cos) / zx;
    const m10 = -sin / zoom;
    const m11 = cos / zoom;
    const base = n * pixels;
    const ox0 = -cx - shiftX;
    for (let y = 0; y < rows; y++) {
      const oy = y - cy - shiftY;
      // Source coordinates of (0, y); each step in x adds (m00, m10).
      let sx = m00 * ox0 + m01 * oy + cx;
      let sy = m10 * ox0 + m11 * oy + cy;
      const row = base + y * cols;
      for (let x = 0; x < cols; x++, sx += m00, sy += m10) {
        if (dx && dy) {
          const p = y * cols + x;
          target[row + x] = sampleBilinear(source, sourceBase, rows, cols, sx + dx[p]!, sy + dy[p]!);
        } else {
          target[row + x] = sampleBilinear(source, sourceBase, rows, cols, sx, sy);
        }
      }
    }
    const image = target.subarray(base, base + pixels);
    if (strokeScratch) {
      changeStrokeWidth(image, rows, cols, rng() * (thin + thicken) - thin, strokeScratch);
    }
    if (inkList && rng() < pGaps) {
      const gaps = 1 + Math.floor(rng() * MAX_GAPS);
      const radius = GAP_MIN_RADIUS_PX + rng() * (GAP_MAX_RADIUS_PX - GAP_MIN_RADIUS_PX);
      breakStrokes(image, rows, cols, gaps, radius, rng, inkList);
    }
    if (small && rng() < pLow) {
      const side = LOW_RESOLUTION_MIN_PX + Math.floor(rng() * (LOW_RESOLUTION_MAX_PX - LOW_RESOLUTION_MIN_PX + 1));
      downsample(image, rows, cols, small, side);
      upsample(small, side, image, rows, cols);
    }
    if (pBinarize > 0 && rng() < pBinarize) {
      binarize(image, pixels, Math.round(BINARIZE_MIN + rng() * (BINARIZE_MAX - BINARIZE_MIN)));
    }
    if (pSpeckle > 0 && rng() < pSpeckle) addSpeckle(image, pixels, rng() * MAX_SPECKLE_DENSITY, rng);
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
