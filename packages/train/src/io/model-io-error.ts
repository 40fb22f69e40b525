/** Base class of the errors thrown when saving or loading a model directory. */
export class ModelIOError extends Error {
  override name = 'ModelIOError';
  /** The file or directory the error is about. */
  readonly path: string;

  constructor(path: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.path = path;
  }
}
