import type { PruneDecision } from './asha-pruner.js';
import type { Params } from './search-space.js';
import type { StudyRecord } from './study-store.js';

/** One trial of a study as its log tells it. */
export interface TrialSummary {
  trial: number;
  params: Params;
  /** `running`: started and not ended (interrupted, or still running elsewhere). */
  state: 'complete' | 'pruned' | 'failed' | 'running';
  /** Objective value at the trial's last epoch. */
  value: number | undefined;
  epochs: number;
  seconds: number | undefined;
  /** Validation accuracy and loss after each epoch, with the pruner's decision. */
  curve: { epoch: number; valAcc: number; valLoss: number; decision: PruneDecision }[];
  error?: string;
}

/** The final evaluation of the best trial. */
export interface FinalSummary {
  trial: number;
  validationAccuracy: number;
  testAccuracy: number;
  testLoss: number;
  /** Path of `best.json`. */
  config: string;
  modelDir: string;
}

/** The trials of a study log, in trial order, and its last final evaluation. */
export function summarizeRecords(records: readonly StudyRecord[]): { trials: TrialSummary[]; final: FinalSummary | undefined } {
  const trials = new Map<number, TrialSummary>();
  let final: FinalSummary | undefined;
  for (const record of records) {
    if (record.type === 'trial') {
      if (!trials.has(record.trial)) {
        trials.set(record.trial, { trial: record.trial, params: record.params, state: 'running', value: undefined, epochs: 0, seconds: undefined, curve: [] });
      }
      continue;
    }
    if (record.type === 'final') {
      const { type: _type, ...rest } = record;
      final = rest;
      continue;
    }
    const trial = trials.get(record.trial);
    if (!trial) continue;
    if (record.type === 'epoch') {
      if (!trial.curve.some((c) => c.epoch === record.epoch)) {
        trial.curve.push({ epoch: record.epoch, valAcc: record.valAcc, valLoss: record.valLoss, decision: record.decision });
        trial.epochs = Math.max(trial.epochs, record.epoch);
      }
    } else if (trial.state === 'running') {
      trial.state = record.state;
      trial.value = record.value;
      trial.epochs = record.epochs;
      trial.seconds = record.seconds;
      if (record.error !== undefined) trial.error = record.error;
    }
  }
  return { trials: [...trials.values()].sort((a, b) => a.trial - b.trial), final };
}

/** The best complete trial (highest score; the earlier one on a tie). */
export function bestTrial(trials: readonly TrialSummary[], objective: 'accuracy' | 'loss'): TrialSummary | undefined {
  let best: TrialSummary | undefined;
  for (const t of trials) {
    if (t.state !== 'complete' || t.value === undefined || !Number.isFinite(t.value)) continue;
    if (!best || scoreOf(t.value, objective) > scoreOf(best.value as number, objective)) best = t;
  }
  return best;
}

/** Objective value → score, higher is better. */
export function scoreOf(value: number, objective: 'accuracy' | 'loss'): number {
  return objective === 'loss' ? -value : value;
}
