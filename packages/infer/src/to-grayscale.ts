import type * as tf from '@tensorflow/tfjs-core';
import {
  DataLengthError,
  InvalidSizeError,
  NonFinitePixelError,
  PixelRangeError,
  UnsupportedInputError,
} from './errors.js';
import { LUMA_BLUE, LUMA_GREEN, LUMA_RED, reduceToGray } from './reduce-to-gray.js';

/** Raw pixels that work anywhere, including Node with no DOM. Row-major, channels interleaved. */
export interface PixelData {
  /** 0..255 integers (`Uint8Array`, `Uint8ClampedArray`) or floats in [0, 1] (`Float32Array`). */
  data: Uint8Array | Uint8ClampedArray | Float32Array;
  width: number;
  height: number;
  /** 1 (gray), 3 (RGB) or 4 (RGBA). Inferred from `data.length` when omitted. */
  channels?: 1 | 3 | 4;
}

/**
 * The instance type of the global class `Name` where the program's libraries declare it (the DOM
 * lib does), else `never`. Keeps {@link ImageInput} strict in projects compiled without the DOM lib,
 * where naming `ImageData` directly would not compile (or, with `skipLibCheck`, would become `any`).
 */
type GlobalInstance<Name extends string> = typeof globalThis extends Record<Name, { prototype: infer T }> ? T : never;

/**
 * Everything `classify`, `readDigits` and `preprocess` accept. The browser types (`ImageData`,
 * canvases, `<img>`, `ImageBitmap`) are part of it where the DOM lib is loaded; in Node projects
 * without it, `PixelData` and tensors remain.
 */
export type ImageInput =
  | PixelData
  | GlobalInstance<'ImageData'>
  | GlobalInstance<'HTMLCanvasElement'>
  | GlobalInstance<'OffscreenCanvas'>
  | GlobalInstance<'HTMLImageElement'>
  | GlobalInstance<'ImageBitmap'>
  | tf.Tensor;

/** A single-channel image with values in [0, 1] (0 = black, 1 = white). */
export interface GrayImage {
  data: Float32Array;
  width: number;
  height: number;
  /** Pixels of this image per input pixel: 1, or < 1 when a large input was reduced while converting. */
  scale?: number;
}

/** Maximum 8-bit channel value. */
const MAX_BYTE = 255;
/** Tolerance for float inputs slightly outside [0, 1] due to rounding. */
const FLOAT_RANGE_TOLERANCE = 1e-3;

interface TensorLike {
  shape: number[];
  dtype: string;
  dataSync(): ArrayLike<number>;
}

function isTensorLike(value: object): value is TensorLike {
  const v = value as Partial<TensorLike>;
  return Array.isArray(v.shape) && typeof v.dataSync === 'function' && typeof v.dtype === 'string';
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value !== 'object') return typeof value;
  if (Array.isArray(value)) return `an Array of ${value.length} values`;
  const name = (value as object).constructor?.name;
  if (!name || name === 'Object') return 'an object without the expected fields';
  return `${/^[AEIOU]/.test(name) ? 'an' : 'a'} ${name}`;
}

function checkSize(width: number, height: number): void {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) {
    throw new InvalidSizeError(width, height);
  }
}

/** Converts interleaved 0..255 bytes to gray in [0, 1] (monomorphic hot loop: always a Uint8Array). */
function bytesToGray(data: Uint8Array, count: number, channels: number): Float32Array {
  const gray = new Float32Array(count);
  const scale = 1 / MAX_BYTE;
  if (channels === 1) {
    for (let i = 0; i < count; i++) gray[i] = data[i]! * scale;
    return gray;
  }
  const r = LUMA_RED * scale;
  const g = LUMA_GREEN * scale;
  const b = LUMA_BLUE * scale;
  for (let i = 0, j = 0; i < count; i++, j += channels) gray[i] = r * data[j]! + g * data[j + 1]! + b * data[j + 2]!;
  return gray;
}

/** Converts interleaved floats (already scaled to [0, 1]) to gray, clamping rounding overshoot. */
function floatsToGray(data: Float32Array, count: number, channels: number): Float32Array {
  const gray = new Float32Array(count);
  for (let i = 0, j = 0; i < count; i++, j += channels) {
    const v = channels === 1 ? data[j]! : LUMA_RED * data[j]! + LUMA_GREEN * data[j + 1]! + LUMA_BLUE * data[j + 2]!;
    gray[i] = Math.min(1, Math.max(0, v));
  }
  return gray;
}

/** Converts interleaved pixels (0..255 bytes or [0, 1] floats) to gray in [0, 1]. */
function pixelsToGray(
  data: Uint8Array | Uint8ClampedArray | Float32Array,
  width: number,
  height: number,
  channels: number,
  maxSidePx: number,
): GrayImage {
  const count = width * height;
  let gray: Float32Array;
  const isFloat = data instanceof Float32Array;
  if (isFloat) {
    for (let i = 0; i < data.length; i++) {
      const v = data[i]!;
      if (!(v >= -FLOAT_RANGE_TOLERANCE && v <= 1 + FLOAT_RANGE_TOLERANCE)) {
        if (!Number.isFinite(v)) throw new NonFinitePixelError(i, v);
        throw new PixelRangeError(i, v);
      }
    }
  }
  if (Math.max(width, height) > maxSidePx) {
    // Large input (e.g. a 4K photo): convert and downscale in one pass, no full-size gray copy.
    const bytes = isFloat ? data : new Uint8Array(data.buffer, data.byteOffset, data.length);
    return reduceToGray(bytes, width, height, channels, maxSidePx, isFloat ? 1 : 1 / MAX_BYTE);
  }
  if (isFloat) {
    gray = floatsToGray(data, count, channels);
  } else {
    gray = bytesToGray(new Uint8Array(data.buffer, data.byteOffset, data.length), count, channels);
  }
  if (channels === 4) compositeAlpha(gray, data, count, data instanceof Float32Array ? 1 : 1 / MAX_BYTE);
  return { data: gray, width, height };
}

/**
 * Transparent pixels carry no colour, so composite the image over a backdrop that contrasts
 * with its opaque pixels (black strokes on a transparent canvas become black on white).
 */
function compositeAlpha(gray: Float32Array, data: ArrayLike<number>, count: number, scale: number): void {
  let translucent = false;
  let opaqueSum = 0;
  let opaqueCount = 0;
  for (let i = 0; i < count; i++) {
    const alpha = data[i * 4 + 3]! * scale;
    if (alpha < 1) translucent = true;
    if (alpha >= 0.5) {
      opaqueSum += gray[i]!;
      opaqueCount++;
    }
  }
  if (!translucent) return;
  const backdrop = opaqueCount > 0 && opaqueSum / opaqueCount < 0.5 ? 1 : 0;
  for (let i = 0; i < count; i++) {
    const alpha = data[i * 4 + 3]! * scale;
    gray[i] = alpha * gray[i]! + (1 - alpha) * backdrop;
  }
}

function fromPixelData(input: PixelData, maxSidePx: number): GrayImage {
  const { data, width, height } = input;
  checkSize(width, height);
  const isFloat = data instanceof Float32Array;
  if (!(isFloat || data instanceof Uint8Array || data instanceof Uint8ClampedArray)) {
    throw new UnsupportedInputError(
      `data as ${describe(data)}`,
      'Pass data as a Uint8Array, Uint8ClampedArray or Float32Array.',
    );
  }
  const pixels = width * height;
  let channels: number | undefined = input.channels;
  if (channels === undefined) {
    channels = [1, 3, 4].find((c) => c * pixels === data.length);
    if (channels === undefined) throw new DataLengthError(pixels, data.length, width, height, 1);
  } else if (channels !== 1 && channels !== 3 && channels !== 4) {
    throw new UnsupportedInputError(`channels = ${String(channels)}`, 'Use 1 (gray), 3 (RGB) or 4 (RGBA).');
  }
  if (data.length !== pixels * channels) {
    throw new DataLengthError(pixels * channels, data.length, width, height, channels);
  }
  return pixelsToGray(data, width, height, channels, maxSidePx);
}

function fromTensor(tensor: TensorLike, maxSidePx: number): GrayImage {
  const shape = tensor.shape;
  if (shape.length !== 2 && shape.length !== 3) {
    throw new UnsupportedInputError(
      `a ${shape.length}-D tensor of shape [${shape.join(', ')}]`,
      'Pass a 2-D [height, width] or 3-D [height, width, channels] tensor (squeeze a batch of one first).',
    );
  }
  const [height, width, channels = 1] = shape as [number, number, number?];
  checkSize(width, height);
  if (channels !== 1 && channels !== 3 && channels !== 4) {
    throw new UnsupportedInputError(`a tensor with ${channels} channels`, 'Use 1, 3 or 4 channels.');
  }
  const isFloat = tensor.dtype === 'float32';
  if (!isFloat && tensor.dtype !== 'int32' && tensor.dtype !== 'bool') {
    throw new UnsupportedInputError(`a tensor of dtype ${tensor.dtype}`, 'Use int32 (0..255) or float32 ([0, 1]).');
  }
  const values = tensor.dataSync();
  if (isFloat) return pixelsToGray(Float32Array.from(values), width, height, channels, maxSidePx);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!(v >= 0 && v <= MAX_BYTE)) throw new PixelRangeError(i, v);
  }
  return pixelsToGray(Uint8Array.from(values), width, height, channels, maxSidePx);
}

type Drawable = CanvasImageSource & { width?: number; height?: number };

function drawableSize(source: Drawable): [number, number] {
  const s = source as Partial<HTMLImageElement>;
  if (typeof s.naturalWidth === 'number') {
    const size: [number, number] = [s.naturalWidth, s.naturalHeight ?? 0];
    if (size[0] === 0 || size[1] === 0) {
      throw new InvalidSizeError(
        size[0],
        size[1],
        s.complete === true
          ? 'The <img> failed to load or has no size: check its src.'
          : 'The <img> has not loaded yet: `await img.decode()` (or wait for its load event) before classifying it.',
      );
    }
    return size;
  }
  return [Number(source.width), Number(source.height)];
}

function isDrawable(value: object): value is Drawable {
  const g = globalThis as Record<string, unknown>;
  return ['HTMLCanvasElement', 'OffscreenCanvas', 'HTMLImageElement', 'ImageBitmap'].some((name) => {
    const ctor = g[name];
    return typeof ctor === 'function' && value instanceof (ctor as new () => object);
  });
}

/** Reads any drawable source through a scratch 2-D canvas (works for WebGL canvases too). */
function fromDrawable(source: Drawable, maxSidePx: number): GrayImage {
  const [width, height] = drawableSize(source);
  checkSize(width, height);
  const canvas: HTMLCanvasElement | OffscreenCanvas =
    typeof OffscreenCanvas !== 'undefined'
      ? new OffscreenCanvas(width, height)
      : Object.assign(document.createElement('canvas'), { width, height });
  const context = canvas.getContext('2d', { willReadFrequently: true }) as
    | CanvasRenderingContext2D
    | OffscreenCanvasRenderingContext2D
    | null;
  if (context === null) throw new UnsupportedInputError(describe(source), 'This platform has no 2-D canvas.');
  context.drawImage(source, 0, 0);
  const image = context.getImageData(0, 0, width, height);
  return pixelsToGray(image.data, width, height, 4, maxSidePx);
}

/**
 * Converts any supported input to a gray image in [0, 1], validating it on the way. With
 * `maxSidePx`, an input whose longer side exceeds it is area-averaged down to that size in the
 * same pass (the result's `scale` says by how much). Throws a typed error (see `errors.ts`) for
 * malformed input.
 */
export function toGrayscale(input: ImageInput, maxSidePx = Number.POSITIVE_INFINITY): GrayImage {
  if (input === null || typeof input !== 'object') throw new UnsupportedInputError(describe(input));
  if (isTensorLike(input)) return fromTensor(input, maxSidePx);
  if (isDrawable(input)) return fromDrawable(input, maxSidePx);
  if ('data' in input && 'width' in input && 'height' in input) return fromPixelData(input as PixelData, maxSidePx);
  throw new UnsupportedInputError(describe(input));
}
