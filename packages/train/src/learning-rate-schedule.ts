/** How the learning rate changes over training; evaluated once per batch (step). */
export type ScheduleName = 'constant' | 'cosine' | 'one-cycle';

/** The schedules `train()` accepts. */
export const SCHEDULES: readonly ScheduleName[] = ['constant', 'cosine', 'one-cycle'];

/** Fraction of the steps that one-cycle spends warming up (rising to the peak rate). */
export const ONE_CYCLE_WARMUP_FRACTION = 0.25;
/** One-cycle starts at `peak / ONE_CYCLE_START_DIVISOR` (PyTorch's `div_factor`). */
export const ONE_CYCLE_START_DIVISOR = 25;
/** One-cycle ends at `start / ONE_CYCLE_END_DIVISOR` (PyTorch's `final_div_factor`). */
export const ONE_CYCLE_END_DIVISOR = 1e4;

export interface LearningRateScheduleOptions {
  /** Base (constant), initial (cosine) or peak (one-cycle) learning rate. */
  learningRate: number;
  /** Total number of optimizer steps (batches) of the run. */
  totalSteps: number;
}

/** Maps a 0-based step index to a learning rate. Pure: the same step always gives the same rate. */
export type LearningRateSchedule = (step: number) => number;

function cosineBetween(from: number, to: number, progress: number): number {
  const clamped = Math.min(1, Math.max(0, progress));
  return to + ((from - to) * (1 + Math.cos(Math.PI * clamped))) / 2;
}

/**
 * Creates a per-batch learning-rate schedule.
 * - `constant`: `learningRate` at every step.
 * - `cosine`: cosine decay from `learningRate` to 0 over `totalSteps`.
 * - `one-cycle`: cosine warm-up from `learningRate/25` to `learningRate` over the first 25% of the steps,
 *   then cosine annealing down to `learningRate/25/1e4` (Smith's one-cycle policy, as in PyTorch's OneCycleLR).
 */
export function createLearningRateSchedule(name: ScheduleName, options: LearningRateScheduleOptions): LearningRateSchedule {
  const { learningRate, totalSteps } = options;
  const last = Math.max(1, totalSteps - 1);
  switch (name) {
    case 'constant':
      return () => learningRate;
    case 'cosine':
      return (step) => cosineBetween(learningRate, 0, step / last);
    case 'one-cycle': {
      const start = learningRate / ONE_CYCLE_START_DIVISOR;
      const end = start / ONE_CYCLE_END_DIVISOR;
      const warmupSteps = Math.max(1, Math.round(totalSteps * ONE_CYCLE_WARMUP_FRACTION));
      return (step) => {
        if (step < warmupSteps) return cosineBetween(start, learningRate, step / warmupSteps);
        return cosineBetween(learningRate, end, (step - warmupSteps) / Math.max(1, last - warmupSteps));
      };
    }
    default:
      throw new Error(`Unknown schedule ${JSON.stringify(name)}: expected one of ${SCHEDULES.join(', ')}.`);
  }
}
