import { ModelIOError } from './model-io-error.js';

/** Thrown by `saveModel` / `fileSystemIO().save` when the target path exists but is not a directory. */
export class ModelDirectoryError extends ModelIOError {
  override name = 'ModelDirectoryError';
}
