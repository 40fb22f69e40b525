import { ModelIOError } from './model-io-error.js';

/** Thrown by `readMetadata` when the model directory has no `metadata.json`. */
export class MetadataNotFoundError extends ModelIOError {
  override name = 'MetadataNotFoundError';
}
