/** Base of the errors `readImageFile` / `decodeImage` throw; `file` is the path (or name) at fault. */
export class ImageError extends Error {
  override name = 'ImageError';
  constructor(
    readonly file: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** The path cannot be read as a file: it does not exist, is a directory, or is not readable. */
export class UnreadableImageError extends ImageError {
  override name = 'UnreadableImageError';
}

/** The file is not a PNG, JPEG or PGM image (judged by its first bytes, not its name). */
export class UnsupportedImageError extends ImageError {
  override name = 'UnsupportedImageError';
}

/** The file starts like a PNG, JPEG or PGM but its data is truncated or damaged. */
export class CorruptImageError extends ImageError {
  override name = 'CorruptImageError';
}
