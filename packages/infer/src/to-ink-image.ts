import { resample } from './resample.js';
import type { GrayImage } from './to-grayscale.js';

/** Which way round the input was: ink darker than the paper, or lighter. */
export type Polarity = 'dark-on-light' | 'light-on-dark';

/** Ink intensity in [0, 1] (0 = paper, 1 = the strongest ink), MNIST's convention. */
export interface InkImage {
  data: Float32Array;
  width: number;
  height: number;
  polarity: Polarity;
  /** Paper brightness in the input, [0, 1]. */
  background: number;
  /** |strongest ink - paper| in the input, [0, 1]; near 0 means a blank or uniform image. */
  contrast: number;
  /** Working pixels per input pixel (< 1 when a very large input was reduced first). */
  scale: number;
}

/** Inputs larger than this (pixels along the longer side) are area-averaged down first, for speed. */
export const MAX_WORKING_SIZE_PX = 1024;
/**
 * Largest noise floor: ink below this fraction of the full contrast may be treated as paper
 * (sensor noise, paper texture). The floor applied is set by how noisy the paper is.
 */
export const NOISE_FLOOR = 0.04;
/** The noise floor is this many times the paper's spread (mean absolute deviation at the border). */
const NOISE_FLOOR_SPREADS = 5;

function meanAbsoluteDeviation(values: Float32Array, center: number): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += Math.abs(values[i]! - center);
  return values.length > 0 ? sum / values.length : 0;
}

function median(values: Float32Array): number {
  const sorted = Float32Array.from(values).sort();
  return sorted[sorted.length >> 1]!;
}

function borderPixels(image: GrayImage): Float32Array {
  const { data, width, height } = image;
  const out: number[] = [];
  for (let x = 0; x < width; x++) out.push(data[x]!, data[(height - 1) * width + x]!);
  for (let y = 1; y < height - 1; y++) out.push(data[y * width]!, data[y * width + width - 1]!);
  return Float32Array.from(out);
}

/** Reduces images whose longer side exceeds {@link MAX_WORKING_SIZE_PX} with area averaging. */
export function reduceLargeImage(image: GrayImage): { image: GrayImage; scale: number } {
  const longer = Math.max(image.width, image.height);
  if (longer <= MAX_WORKING_SIZE_PX) return { image, scale: 1 };
  const scale = MAX_WORKING_SIZE_PX / longer;
  const width = Math.max(1, Math.round(image.width * scale));
  const height = Math.max(1, Math.round(image.height * scale));
  const box = { x: 0, y: 0, width: image.width, height: image.height };
  return { image: { data: resample(image.data, image.width, box, width, height), width, height }, scale };
}

/**
 * Detects polarity from the image border (the paper usually reaches the edges) and maps the
 * image to ink intensity: paper 0, strongest ink 1, and values within the paper's own noise
 * (five times the mean absolute deviation of the border pixels, at most {@link NOISE_FLOOR}) to 0.
 */
export function toInkImage(input: GrayImage): InkImage {
  const reduced = reduceLargeImage(input);
  const { image } = reduced;
  const scale = reduced.scale * (input.scale ?? 1);
  const { data, width, height } = image;
  const border = borderPixels(image);
  const background = median(border);
  const spread = meanAbsoluteDeviation(border, background);
  let darkest = 1;
  let brightest = 0;
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    if (v < darkest) darkest = v;
    if (v > brightest) brightest = v;
  }
  const darkInk = background - darkest;
  const lightInk = brightest - background;
  const polarity: Polarity = darkInk > lightInk ? 'dark-on-light' : 'light-on-dark';
  const contrast = Math.max(darkInk, lightInk);
  const ink = new Float32Array(data.length);
  if (contrast > 0) {
    const sign = polarity === 'dark-on-light' ? -1 : 1;
    // Clean digital images (a uniform border, like MNIST's) keep their faintest anti-aliasing; on
    // real paper (spread about 0.8 sigma of its noise) the floor sits near four sigma.
    const floor = Math.min(NOISE_FLOOR, (NOISE_FLOOR_SPREADS * spread) / contrast);
    for (let i = 0; i < data.length; i++) {
      const v = (sign * (data[i]! - background)) / contrast;
      ink[i] = v <= floor ? 0 : v;
    }
  }
  return { data: ink, width, height, polarity, background, contrast, scale };
}
