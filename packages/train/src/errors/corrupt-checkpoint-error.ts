import { TrainError } from './train-error.js';

/** A checkpoint exists but cannot be read back (truncated, edited, or from an incompatible version). */
export class CorruptCheckpointError extends TrainError {
  override name = 'CorruptCheckpointError';
  readonly dir: string;

  constructor(dir: string, problem: string) {
    super(
      `Corrupt checkpoint in ${dir}: ${problem}. ` +
        'Delete that checkpoint directory to start over, or resume from a backup copy.',
    );
    this.dir = dir;
  }
}
