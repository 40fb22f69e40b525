import { TrainError } from './train-error.js';

/** `resume: true` was asked for but the checkpoint directory holds no checkpoint. */
export class CheckpointNotFoundError extends TrainError {
  override name = 'CheckpointNotFoundError';
  readonly dir: string;

  constructor(dir: string) {
    super(
      `No checkpoint to resume from: expected ${dir}/checkpoint.json, found nothing. ` +
        'Start a new run without resume, or point outDir/checkpointDir at the directory of the interrupted run.',
    );
    this.dir = dir;
  }
}
