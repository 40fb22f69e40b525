/**
 * Every failure @mnist/infer reports is one of these classes, so callers can branch with
 * `instanceof`. Messages say what was expected, what was found, and what to do next.
 */

/** Base class of every error thrown by @mnist/infer. */
export class InferError extends Error {
  override name = 'InferError';
}

function describeDataLength(length: number): string {
  return `${length.toLocaleString('en-US')} values`;
}

/** `data.length` does not equal `width * height * channels`. */
export class DataLengthError extends InferError {
  override name = 'DataLengthError';
  constructor(
    readonly expected: number,
    readonly found: number,
    readonly width: number,
    readonly height: number,
    readonly channels: number,
  ) {
    super(
      `Expected ${describeDataLength(expected)} (width ${width} x height ${height} x ${channels} channel(s)), ` +
        `but data has ${describeDataLength(found)}. Check width, height and channels (1 = gray, 3 = RGB, 4 = RGBA).`,
    );
  }
}

/** Width or height is zero, negative or not an integer (or an image that has not loaded yet). */
export class InvalidSizeError extends InferError {
  override name = 'InvalidSizeError';
  constructor(
    readonly width: number,
    readonly height: number,
    hint = 'Pass an image at least 1x1 pixels (16x16 or larger recommended).',
  ) {
    super(`Expected a positive integer width and height, but found ${width} x ${height}. ${hint}`);
  }
}

/** A pixel value is NaN or infinite. */
export class NonFinitePixelError extends InferError {
  override name = 'NonFinitePixelError';
  constructor(
    readonly index: number,
    readonly value: number,
  ) {
    super(
      `Expected finite pixel values, but found ${value} at index ${index}. ` +
        'Replace NaN/Infinity in the data before classifying (e.g. with 0).',
    );
  }
}

/** A float pixel value lies outside [0, 1]. */
export class PixelRangeError extends InferError {
  override name = 'PixelRangeError';
  constructor(
    readonly index: number,
    readonly value: number,
  ) {
    super(
      `Expected float pixel values in [0, 1], but found ${value} at index ${index}. ` +
        'Divide 0..255 data by 255, or pass it as a Uint8Array / Uint8ClampedArray (or an int32 tensor).',
    );
  }
}

/** The input is not one of the supported image types (or has an unsupported channel count / shape). */
export class UnsupportedInputError extends InferError {
  override name = 'UnsupportedInputError';
  constructor(
    readonly found: string,
    hint = '',
  ) {
    super(
      'Expected an HTMLCanvasElement, OffscreenCanvas, ImageData, HTMLImageElement, ImageBitmap, ' +
        'a 2-D or 3-D tf.Tensor, or { data, width, height, channels? } with channels 1, 3 or 4, ' +
        `but found ${found}.${hint ? ` ${hint}` : ''}`,
    );
  }
}

/** The model (model.json or a weight file) does not exist at the given URL or path (e.g. HTTP 404). */
export class ModelNotFoundError extends InferError {
  override name = 'ModelNotFoundError';
  constructor(
    readonly url: string,
    readonly status: number | undefined,
    detail: string,
  ) {
    super(
      `Expected a model file at ${url}, but ${detail}. ` +
        'Pass modelUrl pointing at the model.json of a directory written by `mnist train`, or omit it to use the bundled model.',
    );
  }
}

const INFER_ERROR_MARKER = Symbol.for('mnist.infer.error');
const MODEL_UNREACHABLE_MARKER = Symbol.for('mnist.infer.error.ModelUnreachableError');

/**
 * The model could not be requested at all (connection refused, DNS failure, CORS, offline): no
 * answer came back, so whether the file exists is unknown.
 */
export class ModelUnreachableError extends InferError {
  override readonly name = 'ModelUnreachableError';
  /** The URL requested. */
  readonly url: string;
  readonly [MODEL_UNREACHABLE_MARKER] = true;
  readonly [INFER_ERROR_MARKER] = true;

  constructor(options: { url: string; cause?: unknown }) {
    const reason = options.cause instanceof Error ? options.cause.message : String(options.cause ?? 'no reason given');
    super(
      `Expected an answer from ${options.url}, but the request failed before any came back (${reason}). ` +
        'Check that the server is running and reachable from here (and, in a browser, that it allows this origin by CORS).',
      { cause: options.cause },
    );
    this.url = options.url;
  }

  /** True for a ModelUnreachableError from any copy of @mnist/infer (survives minifiers and dual builds). */
  static isInstance(value: unknown): value is ModelUnreachableError {
    return typeof value === 'object' && value !== null && MODEL_UNREACHABLE_MARKER in value;
  }
}

/** The model files exist but are unusable: truncated, altered (hash mismatch), invalid JSON, or the wrong shape. */
export class ModelCorruptError extends InferError {
  override name = 'ModelCorruptError';
  constructor(
    readonly url: string,
    detail: string,
    hint = 'Re-download or re-export the model directory (model.json + weight files) and try again.',
  ) {
    super(`Expected a complete, valid tfjs layers model at ${url}, but ${detail}. ${hint}`);
  }
}

/** An explicitly requested tfjs backend could not be initialised. */
export class BackendUnavailableError extends InferError {
  override name = 'BackendUnavailableError';
  constructor(
    readonly backend: string,
    detail: string,
  ) {
    super(
      `Expected the '${backend}' backend to initialise, but it failed: ${detail}. ` +
        "Omit `backend` to pick the fastest one that works, or choose 'wasm' or 'cpu'.",
    );
  }
}

/** The recogniser was used after `dispose()`. */
export class RecognizerDisposedError extends InferError {
  override name = 'RecognizerDisposedError';
  constructor() {
    super('Expected a live recogniser, but dispose() was already called on it. Call loadRecognizer() again.');
  }
}
