import { addSpeckle, binarize, boxNormalize, breakStrokes, changeStrokeWidth, createRng, downsample } from '@mnist/data';
import jpeg from 'jpeg-js';

/** One image as the public API takes it: gray (1 channel) or RGBA (4), 0..255. */
export interface SuiteImage {
  data: Uint8Array;
  width: number;
  height: number;
  channels: 1 | 4;
}

/** A named robustness suite: transformed copies of MNIST-style images with their labels. */
export interface RobustnessSuite {
  name: SuiteName;
  description: string;
  images: SuiteImage[];
  labels: Uint8Array;
}

const SIZE = 28;
const PIXELS = SIZE * SIZE;
const DEGREES_TO_RADIANS = Math.PI / 180;
/** Slant of the `slant` suite, degrees (sign random per image). */
export const SLANT_DEGREES = 25;
/** Rotation of the `rotate` suite, degrees (sign random per image). */
export const ROTATE_DEGREES = 20;
/** Pen changes, in pixels per side: about twice and half MNIST's ~2.5 px strokes. */
const THICK_PEN_PX = 1.25;
const THIN_PEN_PX = 0.6;
/** Broken strokes: gaps per image and their radius, pixels. */
const GAPS_PER_IMAGE = 2;
const GAP_RADIUS_PX = 1.4;
/** Share of pixels hit by speckle noise. */
const SPECKLE_DENSITY = 0.02;
/** Binarisation threshold (of 255), as a fax or form scanner's. */
const BINARIZE_THRESHOLD = 128;

export const SUITE_NAMES = [
  'clean',
  'binarised',
  'low-res-16',
  'low-res-12',
  'box-normalised',
  'thick-pen',
  'thin-pen',
  'slant',
  'rotate',
  'broken-strokes',
  'speckle',
  'photo',
  'combined',
] as const;
export type SuiteName = (typeof SUITE_NAMES)[number];

export const SUITE_DESCRIPTIONS: Record<SuiteName, string> = {
  clean: 'MNIST test images as they are',
  binarised: `hard threshold at ${BINARIZE_THRESHOLD}/255 (fax, form scanners)`,
  'low-res-16': 'downsampled (area average) to 16x16 and given at that size',
  'low-res-12': 'downsampled to 12x12 and given at that size',
  'box-normalised': "the digit's bounding box stretched to fill a 20x20 square (aspect ratio lost)",
  'thick-pen': `strokes about twice as wide (dilated ${THICK_PEN_PX} px per side)`,
  'thin-pen': `strokes about half as wide (eroded ${THIN_PEN_PX} px per side)`,
  slant: `sheared by ±${SLANT_DEGREES}° (sign random per image)`,
  rotate: `rotated by ±${ROTATE_DEGREES}°`,
  'broken-strokes': `${GAPS_PER_IMAGE} gaps of radius ${GAP_RADIUS_PX} px cut into the strokes`,
  speckle: `salt-and-pepper noise on ${SPECKLE_DENSITY * 100}% of the pixels`,
  photo: 'dark ink on light paper, uneven light, sensor noise, JPEG (quality 50-80), digit small and off-centre in an 80-128 px image',
  combined: 'two of the transforms above, chosen at random per image',
};

type Gray = { data: Uint8Array; width: number; height: number };
type Transform = (image: Gray, rng: () => number) => Gray;

function gray(data: Uint8Array, width: number, height: number): Gray {
  return { data, width, height };
}

function sample(src: Gray, x: number, y: number): number {
  const { data, width, height } = src;
  if (x <= -1 || y <= -1 || x >= width || y >= height) return 0;
  const x0 = Math.floor(x);
  const y0 = Math.floor(y);
  const fx = x - x0;
  const fy = y - y0;
  const at = (xx: number, yy: number) => (xx < 0 || yy < 0 || xx >= width || yy >= height ? 0 : data[yy * width + xx]!);
  const top = at(x0, y0) + (at(x0 + 1, y0) - at(x0, y0)) * fx;
  const bottom = at(x0, y0 + 1) + (at(x0 + 1, y0 + 1) - at(x0, y0 + 1)) * fx;
  return Math.max(0, Math.min(255, Math.round(top + (bottom - top) * fy)));
}

/** Rotation by `angle` and horizontal shear by `shear` (radians) about the centre, same size. */
function warp(src: Gray, angle: number, shear: number): Gray {
  const out = new Uint8Array(src.width * src.height);
  const cx = (src.width - 1) / 2;
  const cy = (src.height - 1) / 2;
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  const t = Math.tan(shear);
  for (let y = 0; y < src.height; y++) {
    for (let x = 0; x < src.width; x++) {
      // Inverse of dest = R * K * src: src = K^-1 * R^-1 * dest.
      const ox = x - cx;
      const oy = y - cy;
      const rx = cos * ox + sin * oy;
      const ry = -sin * ox + cos * oy;
      out[y * src.width + x] = sample(src, rx - t * ry + cx, ry + cy);
    }
  }
  return gray(out, src.width, src.height);
}

const sign = (rng: () => number) => (rng() < 0.5 ? -1 : 1);

const TRANSFORMS: Record<Exclude<SuiteName, 'clean' | 'combined'>, Transform> = {
  binarised: (img) => {
    const data = img.data.slice();
    binarize(data, data.length, BINARIZE_THRESHOLD);
    return gray(data, img.width, img.height);
  },
  'low-res-16': (img) => lowRes(img, 16),
  'low-res-12': (img) => lowRes(img, 12),
  'box-normalised': (img) => {
    const out = new Uint8Array(img.data.length);
    boxNormalize(img.data, img.height, img.width, out);
    return gray(out, img.width, img.height);
  },
  'thick-pen': (img) => pen(img, THICK_PEN_PX),
  'thin-pen': (img) => pen(img, -THIN_PEN_PX),
  slant: (img, rng) => warp(img, 0, sign(rng) * SLANT_DEGREES * DEGREES_TO_RADIANS),
  rotate: (img, rng) => warp(img, sign(rng) * ROTATE_DEGREES * DEGREES_TO_RADIANS, 0),
  'broken-strokes': (img, rng) => {
    const data = img.data.slice();
    breakStrokes(data, img.height, img.width, GAPS_PER_IMAGE, GAP_RADIUS_PX, rng, new Int32Array(data.length));
    return gray(data, img.width, img.height);
  },
  speckle: (img, rng) => {
    const data = img.data.slice();
    addSpeckle(data, data.length, SPECKLE_DENSITY, rng);
    return gray(data, img.width, img.height);
  },
  photo,
};

function lowRes(img: Gray, size: number): Gray {
  const small = new Uint8Array(size * size);
  downsample(img.data, img.height, img.width, small, size);
  return gray(small, size, size);
}

function pen(img: Gray, amount: number): Gray {
  const data = img.data.slice();
  changeStrokeWidth(data, img.height, img.width, amount, new Uint8Array(data.length));
  return gray(data, img.width, img.height);
}

/**
 * A photo of the digit written on paper: the (light-on-dark) image is drawn as dark ink on light
 * paper, 1 to 1.6 times its size, at a random place in an 80-128 px frame, under a linear
 * illumination gradient with sensor noise, then JPEG-compressed and decoded (RGBA).
 */
function photo(img: Gray, rng: () => number): Gray {
  const side = 80 + Math.floor(rng() * 49);
  const scale = 1 + rng() * 0.6;
  const w = Math.round(img.width * scale);
  const h = Math.round(img.height * scale);
  const left = Math.floor(rng() * (side - w));
  const top = Math.floor(rng() * (side - h));
  const paper = 0.78 + rng() * 0.15;
  const ink = 0.1 + rng() * 0.15;
  const gx = (rng() * 2 - 1) * 0.12;
  const gy = (rng() * 2 - 1) * 0.12;
  const rgba = new Uint8Array(side * side * 4);
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) {
      const light = 1 + gx * (x / side - 0.5) * 2 + gy * (y / side - 0.5) * 2;
      const sx = (x - left) / scale;
      const sy = (y - top) / scale;
      const cover = sx > -1 && sy > -1 && sx < img.width && sy < img.height ? sample(img, sx, sy) / 255 : 0;
      const noise = (rng() - 0.5) * 0.04;
      const v = Math.max(0, Math.min(1, (paper + (ink - paper) * cover) * light + noise));
      const p = (y * side + x) * 4;
      rgba[p] = rgba[p + 1] = rgba[p + 2] = Math.round(v * 255);
      rgba[p + 3] = 255;
    }
  }
  const quality = 50 + Math.floor(rng() * 31);
  const encoded = jpeg.encode({ data: rgba, width: side, height: side }, quality);
  const decoded = jpeg.decode(encoded.data, { useTArray: true, formatAsRGBA: true });
  // Gray channel of the decoded RGBA (JPEG keeps R = G = B for a gray source).
  const out = new Uint8Array(side * side);
  for (let i = 0; i < out.length; i++) out[i] = decoded.data[i * 4]!;
  return gray(out, side, side);
}

/** Stages in the order a real pipeline applies them: the writer's hand, then the pen, then capture. */
const COMBINABLE: Exclude<SuiteName, 'clean' | 'combined'>[] = [
  'box-normalised',
  'slant',
  'rotate',
  'thick-pen',
  'thin-pen',
  'broken-strokes',
  'binarised',
  'speckle',
  'low-res-16',
  'low-res-12',
  'photo',
];

function combined(img: Gray, rng: () => number): Gray {
  let a = Math.floor(rng() * COMBINABLE.length);
  let b = Math.floor(rng() * (COMBINABLE.length - 1));
  if (b >= a) b++;
  if (a > b) [a, b] = [b, a];
  const pair = [COMBINABLE[a]!, COMBINABLE[b]!];
  // Two pens, or two resolutions, are one change: take a different second transform.
  if (pair.every((n) => n.endsWith('-pen')) || pair.every((n) => n.startsWith('low-res'))) pair[1] = 'broken-strokes';
  let out = img;
  for (const name of pair) {
    // A low-resolution image is upsampled before a further 28x28 stage only when photo follows.
    out = TRANSFORMS[name](out, rng);
  }
  return out;
}

function toSuiteImage(img: Gray): SuiteImage {
  return { data: img.data, width: img.width, height: img.height, channels: 1 };
}

/**
 * Builds the named suites from `count` images of 28x28 (MNIST test), seeded: the same seed gives the
 * same images. Each suite and image gets its own random stream, so suites do not depend on each other.
 */
export function buildRobustnessSuites(
  images: Uint8Array,
  labels: Uint8Array,
  count: number,
  options: { seed?: number; names?: readonly SuiteName[] } = {},
): RobustnessSuite[] {
  const seed = options.seed ?? 1;
  const names = options.names ?? SUITE_NAMES;
  return names.map((name, suiteIndex) => {
    const rng = createRng((seed * 7919 + suiteIndex * 104729) >>> 0);
    const out: SuiteImage[] = [];
    for (let n = 0; n < count; n++) {
      const img = gray(images.subarray(n * PIXELS, (n + 1) * PIXELS), SIZE, SIZE);
      const transformed = name === 'clean' ? img : name === 'combined' ? combined(img, rng) : TRANSFORMS[name](img, rng);
      out.push(toSuiteImage(transformed));
    }
    return { name, description: SUITE_DESCRIPTIONS[name], images: out, labels: labels.subarray(0, count) };
  });
}
