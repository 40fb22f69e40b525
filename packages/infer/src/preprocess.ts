import { MNIST_SIZE_PX, type NormalizeOptions, normalizeDigit } from './normalize-digit.js';
import type { Box } from './resample.js';
import { type ImageInput, toGrayscale } from './to-grayscale.js';
import { MAX_WORKING_SIZE_PX, type Polarity, toInkImage } from './to-ink-image.js';

/** Contrast (fraction of full scale) below which an image counts as blank. */
export const MIN_CONTRAST = 0.1;

/** Options of {@link preprocess}. */
export type PreprocessOptions = NormalizeOptions;

/** The model-ready image and what preprocessing found out about the input. */
export interface PreprocessResult {
  /** 28 x 28 = 784 values in [0, 1], row-major, bright ink on black (MNIST's convention). */
  pixels: Float32Array;
  width: 28;
  height: 28;
  /** True when there is no digit to read (blank or uniform input, or only specks). */
  empty: boolean;
  /** Why the input is empty; undefined otherwise. */
  reason?: string;
  /** Dark ink on light paper (most drawings, scans) or light ink on dark (MNIST itself). */
  polarity: Polarity;
  /** Bounding box of the ink in input pixels; null when empty. */
  box: Box | null;
  /** 28x28 pixels per input pixel. */
  scale: number;
  /** |ink - paper| as a fraction of full scale. */
  contrast: number;
}

/**
 * MNIST-style normalisation of any supported input: grayscale; polarity detection; crop to the
 * ink's bounding box (specks away from the digit ignored); scale into 20x20 keeping the aspect
 * ratio, anti-aliased; thin strokes far thicker than MNIST's (`thinThickStrokes`, default true);
 * centre of mass at the centre of a 28x28 frame. Blank input gives `empty: true` and a `reason`.
 *
 * @throws DataLengthError, InvalidSizeError, NonFinitePixelError, PixelRangeError, UnsupportedInputError
 */
export function preprocess(input: ImageInput, options: PreprocessOptions = {}): PreprocessResult {
  const ink = toInkImage(toGrayscale(input, MAX_WORKING_SIZE_PX));
  const base = {
    width: MNIST_SIZE_PX,
    height: MNIST_SIZE_PX,
    polarity: ink.polarity,
    contrast: ink.contrast,
  } as const;
  if (ink.contrast < MIN_CONTRAST) {
    return {
      ...base,
      pixels: new Float32Array(MNIST_SIZE_PX * MNIST_SIZE_PX),
      empty: true,
      reason: `blank or uniform image: contrast ${ink.contrast.toFixed(3)} is below ${MIN_CONTRAST}`,
      box: null,
      scale: 0,
    };
  }
  const digit = normalizeDigit(ink.data, ink.width, ink.height, options);
  const box =
    digit.box === null
      ? null
      : {
          x: Math.floor(digit.box.x / ink.scale),
          y: Math.floor(digit.box.y / ink.scale),
          width: Math.ceil(digit.box.width / ink.scale),
          height: Math.ceil(digit.box.height / ink.scale),
        };
  return {
    ...base,
    pixels: digit.pixels,
    empty: digit.box === null,
    ...(digit.reason === undefined ? {} : { reason: digit.reason }),
    box,
    scale: digit.scale * ink.scale,
  };
}
