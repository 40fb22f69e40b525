import { TrainError } from './train-error.js';

/** One option that differs between a checkpoint and the run trying to resume it. */
export interface OptionDifference {
  option: string;
  checkpoint: unknown;
  requested: unknown;
}

/** A checkpoint was written by a run with different model/dataset/seed/data options than the resuming run. */
export class CheckpointMismatchError extends TrainError {
  override name = 'CheckpointMismatchError';
  readonly dir: string;
  readonly differences: OptionDifference[];

  constructor(dir: string, differences: OptionDifference[]) {
    const list = differences
      .map((d) => `${d.option}: checkpoint has ${JSON.stringify(d.checkpoint)}, this run asks for ${JSON.stringify(d.requested)}`)
      .join('; ');
    super(
      `Cannot resume from ${dir}: the checkpoint was written with different options (${list}). ` +
        'Resume with the same options, or start a new run in another output directory.',
    );
    this.dir = dir;
    this.differences = differences;
  }
}
