import type { AugmentOptions } from '@mnist/data';
import { OPTIMIZERS, type OptimizerName } from '../create-optimizer.js';
import { InvalidOptionError } from '../errors/index.js';
import { SCHEDULES, type ScheduleName } from '../learning-rate-schedule.js';
import type { BatchEndInfo, EpochEndInfo, TrainEvent } from '../train-events.js';
import { DEFAULT_SEED, MAX_SEED } from '../seeds.js';
import type { FreezeOption } from './transfer-model.js';

/** Hyperparameters of fine-tuning: the names and meaning of `train()`'s, with defaults for small data sets. */
export interface FineTuneHyperparameters {
  /** What to freeze: `'features'` (default: train the head only), `'none'`, or a layer name (it and all before it). */
  freeze?: FreezeOption;
  /** Replace the classifier head with a new one for the data's classes (default: keep it; data classes must be the base's). */
  newHead?: boolean;
  /** Default 5. */
  epochs?: number;
  /** Default 32. */
  batchSize?: number;
  /** Default `adam`. */
  optimizer?: OptimizerName;
  /** Default 0.001. */
  learningRate?: number;
  /** Default `constant`. */
  schedule?: ScheduleName;
  /** Default 0. */
  labelSmoothing?: number;
  /** Default `false`; an object as `train()` takes. */
  augment?: false | AugmentOptions;
  /** Seeds the new head, shuffling, augmentation, dropout and the held-out split. Default 42. */
  seed?: number;
  /**
   * After the first phase, unfreeze every layer and train `epochs` more at `learningRate` (Keras's
   * "fine-tune the whole model at a low learning rate" step). Default: no such phase.
   */
  unfreeze?: { epochs: number; learningRate?: number };
  onBatchEnd?: (info: BatchEndInfo & { phase: FineTunePhase }) => void | Promise<void>;
  onEpochEnd?: (info: EpochEndInfo & { phase: FineTunePhase }) => void | Promise<void>;
  onLog?: (event: TrainEvent) => void;
  /** Aborting finishes the current batch (and checkpoints, where checkpoints are kept) and resolves with `aborted: true`. */
  signal?: AbortSignal;
}

/** `'frozen'`: the first phase (with `freeze` applied); `'unfrozen'`: the optional whole-model phase. */
export type FineTunePhase = 'frozen' | 'unfrozen';

/** Learning rate of the unfrozen phase when not given: a tenth of the first phase's. */
export const UNFREEZE_LEARNING_RATE_DIVISOR = 10;

export interface ResolvedFineTuneHyperparameters {
  freeze: FreezeOption;
  newHead: boolean;
  epochs: number;
  batchSize: number;
  optimizer: OptimizerName;
  learningRate: number;
  schedule: ScheduleName;
  labelSmoothing: number;
  augment: false | AugmentOptions;
  seed: number;
  unfreeze: { epochs: number; learningRate: number } | null;
}

const positiveInteger = (option: string, value: unknown): number => {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0) throw new InvalidOptionError(option, value, 'a positive integer');
  return value;
};
const positiveNumber = (option: string, value: unknown): number => {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) throw new InvalidOptionError(option, value, 'a positive number');
  return value;
};

/**
 * Validates fine-tuning hyperparameters and fills in the defaults.
 * @throws InvalidOptionError naming the option, the value and what is allowed.
 */
export function resolveFineTuneHyperparameters(options: FineTuneHyperparameters): ResolvedFineTuneHyperparameters {
  const freeze = options.freeze ?? 'features';
  if (typeof freeze !== 'string' || freeze === '') throw new InvalidOptionError('freeze', freeze, 'features, none, or a layer name');
  const seed = options.seed ?? DEFAULT_SEED;
  if (typeof seed !== 'number' || !Number.isSafeInteger(seed) || seed < 0 || seed > MAX_SEED) {
    throw new InvalidOptionError('seed', seed, `an integer from 0 to ${MAX_SEED}`);
  }
  const optimizer = options.optimizer ?? 'adam';
  if (!OPTIMIZERS.includes(optimizer)) throw new InvalidOptionError('optimizer', optimizer, `one of ${OPTIMIZERS.join(', ')}`);
  const schedule = options.schedule ?? 'constant';
  if (!SCHEDULES.includes(schedule)) throw new InvalidOptionError('schedule', schedule, `one of ${SCHEDULES.join(', ')}`);
  const labelSmoothing = options.labelSmoothing ?? 0;
  if (typeof labelSmoothing !== 'number' || !(labelSmoothing >= 0 && labelSmoothing < 1)) {
    throw new InvalidOptionError('labelSmoothing', labelSmoothing, 'a number in [0, 1)');
  }
  const learningRate = positiveNumber('learningRate', options.learningRate ?? 0.001);
  const unfreeze =
    options.unfreeze === undefined
      ? null
      : {
          epochs: positiveInteger('unfreeze.epochs', options.unfreeze.epochs),
          learningRate: positiveNumber('unfreeze.learningRate', options.unfreeze.learningRate ?? learningRate / UNFREEZE_LEARNING_RATE_DIVISOR),
        };
  return {
    freeze,
    newHead: options.newHead ?? false,
    epochs: positiveInteger('epochs', options.epochs ?? 5),
    batchSize: positiveInteger('batchSize', options.batchSize ?? 32),
    optimizer,
    learningRate,
    schedule,
    labelSmoothing,
    augment: options.augment ?? false,
    seed,
    unfreeze,
  };
}
