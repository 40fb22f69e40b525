import type { DecodedImage } from './decode-image.js';

/** Images whose shorter side is below this many pixels are left alone (drawings, thumbnails, MNIST itself). */
export const MIN_FLATTEN_SIDE_PX = 64;
/** The background is estimated on a grid of about this many cells along the longer side. */
export const ILLUMINATION_GRID_CELLS = 24;
/** Paper brightness that varies by less than this fraction of its brightest value counts as evenly lit. */
export const EVEN_LIGHTING_TOLERANCE = 0.08;
/** Pixel samples per grid cell used for the cell's median (more pixels are subsampled). */
const SAMPLES_PER_CELL = 256;
/** Deviations from the paper smaller than this (grey levels, 0..255) are noise when deciding the polarity. */
const POLARITY_NOISE_LEVELS = 10;
const MAX_LEVEL = 255;
const MID_LEVEL = 128;
const LUMA = [0.299, 0.587, 0.114] as const;

function toGray(image: DecodedImage): Float32Array {
  const count = image.width * image.height;
  const gray = new Float32Array(count);
  if (image.channels === 1) {
    for (let i = 0; i < count; i++) gray[i] = image.data[i]!;
    return gray;
  }
  for (let i = 0, j = 0; i < count; i++, j += 4) gray[i] = LUMA[0] * image.data[j]! + LUMA[1] * image.data[j + 1]! + LUMA[2] * image.data[j + 2]!;
  return gray;
}

function hasTransparency(image: DecodedImage): boolean {
  if (image.channels !== 4) return false;
  for (let j = 3; j < image.data.length; j += 4) if (image.data[j]! < MAX_LEVEL) return true;
  return false;
}

function median(values: number[]): number {
  values.sort((a, b) => a - b);
  return values[values.length >> 1] ?? 0;
}

/**
 * Evens out the lighting of a photo of dark ink on paper: a phone photo under a desk lamp has paper that is
 * white in one corner and grey in the other, and a global threshold then reads the grey corner as ink (a blank
 * page "is" a 7, a number grows an extra digit). The paper's brightness is estimated on a coarse grid (median
 * per cell, then the brightest of each 3x3 neighbourhood so cells covered by ink do not count, then smoothed),
 * and every pixel is divided by it, giving a grey image on evenly white paper.
 *
 * Images that are small, have transparency, are light ink on a dark background, or are already evenly lit are returned
 * unchanged (the same object), so clean scans, drawings and MNIST-style inputs are untouched.
 */
export function flattenIllumination(image: DecodedImage): DecodedImage {
  const { width, height } = image;
  if (Math.min(width, height) < MIN_FLATTEN_SIDE_PX || hasTransparency(image)) return image;
  const gray = toGray(image);
  const cell = Math.ceil(Math.max(width, height) / ILLUMINATION_GRID_CELLS);
  const gw = Math.ceil(width / cell);
  const gh = Math.ceil(height / cell);
  const stride = Math.max(1, Math.floor(cell / Math.sqrt(SAMPLES_PER_CELL)));

  const cellMedian = new Float32Array(gw * gh);
  let darkDeviation = 0;
  let lightDeviation = 0;
  for (let cy = 0; cy < gh; cy++) {
    for (let cx = 0; cx < gw; cx++) {
      const samples: number[] = [];
      const y1 = Math.min(height, (cy + 1) * cell);
      const x1 = Math.min(width, (cx + 1) * cell);
      for (let y = cy * cell; y < y1; y += stride) for (let x = cx * cell; x < x1; x += stride) samples.push(gray[y * width + x]!);
      const m = median(samples);
      cellMedian[cy * gw + cx] = m;
      for (const v of samples) {
        if (v < m - POLARITY_NOISE_LEVELS) darkDeviation += m - v;
        else if (v > m + POLARITY_NOISE_LEVELS) lightDeviation += v - m;
      }
    }
  }
  // Light ink on a dark background (MNIST-style): nothing to flatten. A blank page has no ink either way, so
  // the paper's brightness decides.
  const paperLevel = median(Array.from(cellMedian));
  if (lightDeviation > darkDeviation && paperLevel < MID_LEVEL) return image;

  // The brightest median of each 3x3 neighbourhood (ink-covered cells do not drag the paper down), then a 3x3 mean.
  const paperMax = new Float32Array(gw * gh);
  const paper = new Float32Array(gw * gh);
  const neighbourhood = (source: Float32Array, cx: number, cy: number, reduce: (values: number[]) => number): number => {
    const values: number[] = [];
    for (let dy = -1; dy <= 1; dy++) {
      for (let dx = -1; dx <= 1; dx++) {
        const x = cx + dx;
        const y = cy + dy;
        if (x >= 0 && y >= 0 && x < gw && y < gh) values.push(source[y * gw + x]!);
      }
    }
    return reduce(values);
  };
  for (let cy = 0; cy < gh; cy++) for (let cx = 0; cx < gw; cx++) paperMax[cy * gw + cx] = neighbourhood(cellMedian, cx, cy, (v) => Math.max(...v));
  for (let cy = 0; cy < gh; cy++) {
    for (let cx = 0; cx < gw; cx++) paper[cy * gw + cx] = neighbourhood(paperMax, cx, cy, (v) => v.reduce((a, b) => a + b, 0) / v.length);
  }
  let brightest = 0;
  let dimmest = MAX_LEVEL;
  for (const v of paper) {
    brightest = Math.max(brightest, v);
    dimmest = Math.min(dimmest, v);
  }
  if (brightest <= 0 || (brightest - dimmest) / brightest < EVEN_LIGHTING_TOLERANCE) return image;

  // Bilinear interpolation of the paper brightness between cell centres; each pixel divided by it.
  const out = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    const gy = Math.min(gh - 1, Math.max(0, (y + 0.5) / cell - 0.5));
    const y0 = Math.floor(gy);
    const y1 = Math.min(gh - 1, y0 + 1);
    const fy = gy - y0;
    for (let x = 0; x < width; x++) {
      const gx = Math.min(gw - 1, Math.max(0, (x + 0.5) / cell - 0.5));
      const x0 = Math.floor(gx);
      const x1 = Math.min(gw - 1, x0 + 1);
      const fx = gx - x0;
      const top = paper[y0 * gw + x0]! * (1 - fx) + paper[y0 * gw + x1]! * fx;
      const bottom = paper[y1 * gw + x0]! * (1 - fx) + paper[y1 * gw + x1]! * fx;
      const level = Math.max(1, top * (1 - fy) + bottom * fy);
      out[y * width + x] = Math.min(MAX_LEVEL, Math.round((MAX_LEVEL * gray[y * width + x]!) / level));
    }
  }
  return { data: out, width, height, channels: 1, format: image.format };
}
