import { type Split, splitValidation, subset } from '@mnist/data';
import { deriveSeed, SEED_PURPOSE } from './derive-seed.js';

/** What a training run recorded about its split (metadata.json: `seed`, `hyperparameters.validationSplit`, `.limit`). */
export interface TrainingSplitRecord {
  seed: number;
  validationSplit: number;
  limit?: number | null;
}

/**
 * The validation images a training run held out (never trained on), rebuilt exactly as `train()` made
 * them from the same training split: for calibrating or checking a saved model on data it has not
 * seen without touching the test set. Undefined when the run held out nothing.
 */
export function heldOutValidation(trainSplit: Split, run: TrainingSplitRecord): Split | undefined {
  if (!(run.validationSplit > 0)) return undefined;
  const limited = typeof run.limit === 'number' ? subset(trainSplit, Math.min(run.limit, trainSplit.count)) : trainSplit;
  const parts = splitValidation(limited, run.validationSplit, deriveSeed(run.seed, SEED_PURPOSE.validationSplit));
  return parts.validation.count > 0 ? parts.validation : undefined;
}
