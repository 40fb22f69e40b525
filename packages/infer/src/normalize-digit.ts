import { connectedComponents } from './connected-components.js';
import { type Box, resample } from './resample.js';

/** Side of the square MNIST image, in pixels. */
export const MNIST_SIZE_PX = 28;
/** Side of the box the digit is scaled into (keeping its aspect ratio), in pixels. */
export const DIGIT_BOX_PX = 20;
/** Where the ink's centre of mass lands in the 28x28 frame (pixel-index coordinates), as in MNIST. */
export const CENTER_OF_MASS_PX = 14;
/** Ink above this (fraction of full contrast) counts as a stroke when finding blobs. */
export const STROKE_THRESHOLD = 0.25;
/**
 * Blobs lighter than this fraction of the heaviest blob are specks, not part of the digit, unless
 * they lie near it (see {@link NEAR_PART_MARGIN}).
 */
export const MIN_PART_FRACTION = 0.05;
/**
 * A light blob within this fraction of the digit's size (the heavy blobs' bounding box, grown on
 * every side) is a detached piece of the digit (a broken stroke, a serif), not noise, and is kept.
 */
export const NEAR_PART_MARGIN = 0.15;
/** Strokes with a {@link strokeRatio} above this are thicker than almost all of MNIST's and get thinned. */
export const THICK_STROKE_RATIO = 1.7;
/** Thinning grows from none at {@link THICK_STROKE_RATIO} to a full one-pixel erosion this much above it. */
const THINNING_RAMP = 0.4;
/** How far (pixels) the stroke bounding box grows to take in faint anti-aliased edges. */
const EDGE_GROWTH_PX = 2;

/** The MNIST-style 28x28 rendering of one digit. */
export interface NormalizedDigit {
  /** 784 values in [0, 1], row-major, bright ink on black, like MNIST. */
  pixels: Float32Array;
  /** Ink bounding box in the coordinates of the image given; null when empty. */
  box: Box | null;
  /** 28x28 pixels per source pixel. */
  scale: number;
  /** Why there is no digit, when there is none. */
  reason?: string;
}

function growBox(ink: Float32Array, width: number, height: number, box: Box): Box {
  let { x, y, width: w, height: h } = box;
  const rowHasInk = (row: number, x0: number, x1: number) => {
    for (let c = x0; c < x1; c++) if (ink[row * width + c]! > 0) return true;
    return false;
  };
  const colHasInk = (col: number, y0: number, y1: number) => {
    for (let r = y0; r < y1; r++) if (ink[r * width + col]! > 0) return true;
    return false;
  };
  for (let step = 0; step < EDGE_GROWTH_PX; step++) {
    if (y > 0 && rowHasInk(y - 1, x, x + w)) {
      y--;
      h++;
    }
    if (y + h < height && rowHasInk(y + h, x, x + w)) h++;
    if (x > 0 && colHasInk(x - 1, y, y + h)) {
      x--;
      w++;
    }
    if (x + w < width && colHasInk(x + w, y, y + h)) w++;
  }
  return { x, y, width: w, height: h };
}

/** How {@link normalizeDigit} (and `preprocess`) treat the digit. */
export interface NormalizeOptions {
  /**
   * Thin strokes thicker than almost all of MNIST's (default true). Turn it off for models trained
   * with thickened strokes (stroke-width augmentation), which read thick strokes better as they are.
   */
  thinThickStrokes?: boolean;
}

/**
 * Turns an ink image holding one digit into MNIST form: drop specks away from the digit, crop to
 * the ink, scale into 20x20 keeping the aspect ratio (anti-aliased), thin very thick strokes
 * (unless told not to), and put the centre of mass at the centre of a 28x28 frame. `ink` is
 * modified (specks are erased).
 */
export function normalizeDigit(ink: Float32Array, width: number, height: number, options: NormalizeOptions = {}): NormalizedDigit {
  const pixels = new Float32Array(MNIST_SIZE_PX * MNIST_SIZE_PX);
  const { labels, components } = connectedComponents(ink, width, height, STROKE_THRESHOLD);
  if (components.length === 0) return { pixels, box: null, scale: 0, reason: 'no ink strokes found' };
  const heaviest = Math.max(...components.map((c) => c.mass));
  const keep = new Uint8Array(components.length + 1);
  const heavy = components.filter((c) => c.mass >= MIN_PART_FRACTION * heaviest);
  let minX = Math.min(...heavy.map((c) => c.minX));
  let minY = Math.min(...heavy.map((c) => c.minY));
  let maxX = Math.max(...heavy.map((c) => c.maxX));
  let maxY = Math.max(...heavy.map((c) => c.maxY));
  const margin = NEAR_PART_MARGIN * Math.max(maxX - minX + 1, maxY - minY + 1);
  const near = { minX: minX - margin, minY: minY - margin, maxX: maxX + margin, maxY: maxY + margin };
  for (const c of components) {
    const isNear = c.minX >= near.minX && c.maxX <= near.maxX && c.minY >= near.minY && c.maxY <= near.maxY;
    if (c.mass < MIN_PART_FRACTION * heaviest && !isNear) continue;
    keep[c.label] = 1;
    minX = Math.min(minX, c.minX);
    minY = Math.min(minY, c.minY);
    maxX = Math.max(maxX, c.maxX);
    maxY = Math.max(maxY, c.maxY);
  }
  if (keep.some((k, label) => label > 0 && k === 0)) {
    for (let i = 0; i < labels.length; i++) if (labels[i]! > 0 && keep[labels[i]!] === 0) ink[i] = 0;
  }
  const box = growBox(ink, width, height, { x: minX, y: minY, width: maxX - minX + 1, height: maxY - minY + 1 });
  const scale = DIGIT_BOX_PX / Math.max(box.width, box.height);
  const outWidth = Math.max(1, Math.min(DIGIT_BOX_PX, Math.round(box.width * scale)));
  const outHeight = Math.max(1, Math.min(DIGIT_BOX_PX, Math.round(box.height * scale)));
  let digit = resample(ink, width, box, outWidth, outHeight);
  const thinning =
    options.thinThickStrokes === false ? 0 : (strokeRatio(digit, outWidth, outHeight) - THICK_STROKE_RATIO) / THINNING_RAMP;
  if (thinning > 0) digit = erode(digit, outWidth, outHeight, Math.min(1, thinning));
  placeByCenterOfMass(digit, outWidth, outHeight, pixels);
  return { pixels, box, scale };
}

/**
 * Ink area over total variation: proportional to the stroke width (about 0.9 for a typical MNIST
 * digit, 1.75 at MNIST's 99th percentile).
 */
export function strokeRatio(image: Float32Array, width: number, height: number): number {
  let area = 0;
  let variation = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const v = image[y * width + x]!;
      area += v;
      variation += Math.abs(v - (x + 1 < width ? image[y * width + x + 1]! : 0));
      variation += Math.abs(v - (y + 1 < height ? image[(y + 1) * width + x]! : 0));
      if (x === 0) variation += v;
      if (y === 0) variation += v;
    }
  }
  return variation > 0 ? area / variation : 0;
}

/**
 * Grayscale erosion with a 3x3 cross (thins strokes by about one pixel on each side), blended
 * with the original by `amount` in [0, 1].
 */
function erode(image: Float32Array, width: number, height: number, amount: number): Float32Array {
  const out = new Float32Array(image.length);
  const at = (x: number, y: number) => (x < 0 || y < 0 || x >= width || y >= height ? 0 : image[y * width + x]!);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const v = at(x, y);
      const eroded = Math.min(v, at(x - 1, y), at(x + 1, y), at(x, y - 1), at(x, y + 1));
      out[y * width + x] = v + amount * (eroded - v);
    }
  }
  return out;
}

/** Copies `digit` into the 28x28 `frame` so that its centre of mass sits at the frame's centre. */
function placeByCenterOfMass(digit: Float32Array, width: number, height: number, frame: Float32Array): void {
  let mass = 0;
  let sumX = 0;
  let sumY = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const v = digit[y * width + x]!;
      mass += v;
      sumX += v * x;
      sumY += v * y;
    }
  }
  const comX = mass > 0 ? sumX / mass : (width - 1) / 2;
  const comY = mass > 0 ? sumY / mass : (height - 1) / 2;
  const clamp = (v: number, size: number) => Math.min(MNIST_SIZE_PX - size, Math.max(0, v));
  const offsetX = clamp(Math.round(CENTER_OF_MASS_PX - comX), width);
  const offsetY = clamp(Math.round(CENTER_OF_MASS_PX - comY), height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      frame[(y + offsetY) * MNIST_SIZE_PX + x + offsetX] = Math.min(1, digit[y * width + x]!);
    }
  }
}
