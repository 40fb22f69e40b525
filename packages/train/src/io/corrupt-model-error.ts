import { ModelIOError } from './model-io-error.js';

/**
 * Thrown by `loadModel` / `readMetadata` when a model directory exists but cannot be trusted: `model.json`
 * or `metadata.json` is not valid JSON or lacks required fields, a weight shard is missing, or the shards'
 * sizes do not match the weights manifest (e.g. a truncated download).
 */
export class CorruptModelError extends ModelIOError {
  override name = 'CorruptModelError';
}
