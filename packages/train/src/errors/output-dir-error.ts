import { TrainError } from './train-error.js';

/** The output directory cannot be used: not writable, not a directory, or holds an unfinished run. */
export class OutputDirError extends TrainError {
  override name = 'OutputDirError';
  readonly dir: string;

  constructor(dir: string, problem: string, fix: string) {
    super(`Cannot use output directory ${dir}: ${problem}. ${fix}`);
    this.dir = dir;
  }
}
