/**
 * Every failure of this package is an instance of {@link MnistDataError}; each kind of
 * failure has its own exported subclass so callers can branch with `instanceof`.
 * Messages say what was expected, what was found, and what to do next.
 */
export class MnistDataError extends Error {
  /** The file (or URL) the error is about, when there is one. */
  readonly fileName: string | undefined;

  constructor(message: string, options: { fileName?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.fileName = options.fileName;
  }
}

function label(fileName: string | undefined): string {
  return fileName ? `${fileName}: ` : '';
}

/** The first bytes are not an IDX header (the first two bytes of an IDX file are zero). */
export class IdxMagicError extends MnistDataError {
  readonly found: number[];
  constructor(found: ArrayLike<number>, fileName?: string) {
    const hex = Array.from(found, (b) => b.toString(16).padStart(2, '0')).join(' ');
    super(
      `${label(fileName)}expected an IDX file starting with bytes 00 00 (or a gzip file starting with 1f 8b), found ${hex || 'no bytes'}. ` +
        'Check that the file is an MNIST-format IDX file (for example train-images-idx3-ubyte) and was not saved as an HTML error page.',
      { fileName },
    );
    this.found = Array.from(found);
  }
}

/** The IDX type code (third header byte) is not one of 0x08, 0x09, 0x0B, 0x0C, 0x0D, 0x0E. */
export class IdxTypeError extends MnistDataError {
  readonly typeCode: number;
  constructor(typeCode: number, fileName?: string, expected?: string) {
    const what = expected ?? 'an IDX type code 0x08 (uint8), 0x09 (int8), 0x0B (int16), 0x0C (int32), 0x0D (float32) or 0x0E (float64)';
    super(
      `${label(fileName)}expected ${what}, found type code 0x${typeCode.toString(16).padStart(2, '0')}. ` +
        'The file is corrupt or is not the file you meant to load.',
      { fileName },
    );
    this.typeCode = typeCode;
  }
}

/** The payload is shorter (truncated) or longer (oversized) than the header declares. */
export class IdxSizeError extends MnistDataError {
  readonly expectedBytes: number;
  readonly actualBytes: number;
  readonly kind: 'truncated' | 'oversized';
  constructor(expectedBytes: number, actualBytes: number, fileName?: string, what = 'bytes') {
    const kind = actualBytes < expectedBytes ? 'truncated' : 'oversized';
    super(
      `${label(fileName)}the IDX header declares ${expectedBytes} ${what}, found ${actualBytes}: the file is ${kind}. ` +
        (kind === 'truncated'
          ? 'It was probably cut short by an interrupted download or copy; delete it and fetch it again.'
          : 'It has trailing data; it is corrupt or not an IDX file. Delete it and fetch it again.'),
      { fileName },
    );
    this.expectedBytes = expectedBytes;
    this.actualBytes = actualBytes;
    this.kind = kind;
  }
}

/** A gzip stream could not be inflated. */
export class GzipError extends MnistDataError {
  constructor(detail: string, fileName?: string, cause?: unknown) {
    super(
      `${label(fileName)}expected a valid gzip stream (it starts with 1f 8b), but inflating failed: ${detail}. ` +
        'The download was probably cut short or corrupted; delete the file and fetch it again.',
      { fileName, cause },
    );
  }
}

/** The image file and the label file disagree on how many examples there are. */
export class CountMismatchError extends MnistDataError {
  readonly imageCount: number;
  readonly labelCount: number;
  constructor(imageCount: number, labelCount: number, imagesFile: string, labelsFile: string) {
    super(
      `${imagesFile} holds ${imageCount} images but ${labelsFile} holds ${labelCount} labels; expected the same count in both. ` +
        'The two files come from different datasets or splits: use the matching pair (train-* with train-*, t10k-* with t10k-*).',
      { fileName: imagesFile },
    );
    this.imageCount = imageCount;
    this.labelCount = labelCount;
  }
}

/** Images have the wrong number of dimensions or the wrong rows x cols. */
export class ImageSizeError extends MnistDataError {
  readonly expected: string;
  readonly found: string;
  constructor(expected: string, found: string, fileName?: string) {
    super(
      `${label(fileName)}expected images of ${expected}, found ${found}. ` +
        'Pass the matching image file, or the right rows/cols for this data.',
      { fileName },
    );
    this.expected = expected;
    this.found = found;
  }
}

/** A label is outside 0..classCount-1. */
export class LabelRangeError extends MnistDataError {
  constructor(index: number, value: number, classCount: number, fileName?: string) {
    super(
      `${label(fileName)}expected labels in 0..${classCount - 1}, found ${value} at index ${index}. ` +
        'The label file is corrupt or belongs to another dataset.',
      { fileName },
    );
  }
}

/** The decompressed bytes do not match the SHA-256 (or byte size) the dataset table records. */
export class ChecksumError extends MnistDataError {
  readonly expected: string;
  readonly actual: string;
  constructor(fileName: string, expected: string, actual: string, hint?: string) {
    super(
      `${fileName}: expected SHA-256 ${expected} of the decompressed file, found ${actual}. ` +
        (hint ??
          'The file is corrupt, truncated or a different dataset; delete it and fetch it again (or pass verify: false if you really mean to use other data).'),
      { fileName },
    );
    this.expected = expected;
    this.actual = actual;
  }
}

/** No source could provide the dataset. `attempts` says what was tried and why it failed. */
export class NoSourceError extends MnistDataError {
  readonly attempts: { source: string; reason: string }[];
  constructor(dataset: string, attempts: { source: string; reason: string }[], advice: string) {
    const tried = attempts.length ? attempts.map((a) => `\n  - ${a.source}: ${a.reason}`).join('') : ' nothing';
    super(`could not load the ${dataset} dataset from any source. Tried:${tried}\n${advice}`);
    this.attempts = attempts;
  }
}

/** Every mirror failed to deliver a file that verifies. */
export class DownloadError extends MnistDataError {
  readonly attempts: { url: string; reason: string }[];
  constructor(fileName: string, attempts: { url: string; reason: string }[]) {
    const tried = attempts.map((a) => `\n  - ${a.url}: ${a.reason}`).join('');
    super(
      `${fileName}: expected a mirror to serve a file that verifies, but every attempt failed:${tried}\n` +
        'Check your internet connection or proxy, pass other mirrors ({ mirrors: [...] }), or download the files yourself and pass { source: "directory", dir }.',
      { fileName },
    );
    this.attempts = attempts;
  }
}

/** An option or argument is out of range. */
export class InvalidOptionError extends MnistDataError {
  constructor(name: string, expected: string, found: unknown) {
    super(`${name}: expected ${expected}, found ${String(found)}.`);
  }
}
