import { ModelIOError } from './model-io-error.js';

/** Thrown by `loadModel` when the directory has no `model.json` (or does not exist). */
export class ModelNotFoundError extends ModelIOError {
  override name = 'ModelNotFoundError';
}
