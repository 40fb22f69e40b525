import { TrainError } from '../errors/train-error.js';

/** Name of a tfjs backend that `selectBackend` can install. */
export type BackendName = 'tensorflow' | 'wasm' | 'cpu';

/** An explicitly requested tfjs backend could not be loaded or initialised. */
export class BackendUnavailableError extends TrainError {
  override name = 'BackendUnavailableError';
  /** The backend that was asked for. */
  readonly backend: BackendName;
  /** The underlying failure, as text (the loader's or initialiser's message). */
  readonly detail: string;

  constructor(backend: BackendName, detail: string, hint: string) {
    super(`Expected the '${backend}' backend to load, but it failed: ${detail}. ${hint}`);
    this.backend = backend;
    this.detail = detail;
  }
}
