import { InvalidTuneOptionError } from './tune-error.js';

/** Names of the pruners. */
export const PRUNERS = ['none', 'asha'] as const;
export type PrunerName = (typeof PRUNERS)[number];

/** What a pruner says after an epoch. */
export type PruneDecision = 'continue' | 'prune';

/** Options of the ASHA pruner. */
export interface AshaOptions {
  /** Epochs of a trial (its last epoch is never a rung). */
  maxEpochs: number;
  /** Epoch of the first rung. Default 1. */
  minEpochs?: number;
  /** Each rung keeps the best 1/reductionFactor of the trials that reach it. Default 3. */
  reductionFactor?: number;
}

/** Default reduction factor (η) of successive halving. */
export const DEFAULT_REDUCTION_FACTOR = 3;

/**
 * Asynchronous successive halving (ASHA, Li et al. 2018, as Optuna's SuccessiveHalvingPruner): rungs
 * at epochs minEpochs·η^k (below maxEpochs). A trial reaching a rung goes on only when its score is
 * among the best ⌊n/η⌋ of the n scores recorded at that rung so far (itself included; with n < η it
 * must be the best). When every trial reports a rung before any decision there, this is exactly
 * synchronous successive halving. Scores are higher-is-better.
 *
 * Decisions are remembered: asking again for the same trial and epoch (a re-run trial) gives the same answer.
 */
export class AshaPruner {
  readonly rungs: readonly number[];
  readonly reductionFactor: number;
  private readonly scores = new Map<number, Map<number, number>>();
  private readonly decisions = new Map<string, PruneDecision>();

  constructor(options: AshaOptions) {
    const minEpochs = options.minEpochs ?? 1;
    const eta = options.reductionFactor ?? DEFAULT_REDUCTION_FACTOR;
    if (!Number.isInteger(options.maxEpochs) || options.maxEpochs < 1) {
      throw new InvalidTuneOptionError({ option: 'epochs', value: options.maxEpochs, expected: 'a positive integer' });
    }
    if (!Number.isInteger(minEpochs) || minEpochs < 1) throw new InvalidTuneOptionError({ option: 'minEpochs', value: minEpochs, expected: 'a positive integer' });
    if (!Number.isInteger(eta) || eta < 2) throw new InvalidTuneOptionError({ option: 'reductionFactor', value: eta, expected: 'an integer of at least 2' });
    this.reductionFactor = eta;
    const rungs: number[] = [];
    for (let epoch = minEpochs; epoch < options.maxEpochs; epoch *= eta) rungs.push(epoch);
    this.rungs = rungs;
  }

  /** True when `epoch` is a rung. */
  isRung(epoch: number): boolean {
    return this.rungs.includes(epoch);
  }

  /** Records a score at an epoch (ignored off the rungs); recording the same trial and epoch again keeps the first. */
  record(trial: number, epoch: number, score: number): void {
    if (!this.isRung(epoch)) return;
    let rung = this.scores.get(epoch);
    if (!rung) {
      rung = new Map();
      this.scores.set(epoch, rung);
    }
    if (!rung.has(trial)) rung.set(trial, score);
  }

  /** The decision for a trial at an epoch where it recorded a score (continue off the rungs). */
  decide(trial: number, epoch: number): PruneDecision {
    const key = `${trial}:${epoch}`;
    const known = this.decisions.get(key);
    if (known) return known;
    const rung = this.scores.get(epoch);
    const score = rung?.get(trial);
    if (!rung || score === undefined) return 'continue';
    const competing = [...rung.values()].sort((a, b) => b - a);
    const index = Math.max(0, Math.floor(competing.length / this.reductionFactor) - 1);
    const decision: PruneDecision = score >= (competing[index] as number) ? 'continue' : 'prune';
    this.decisions.set(key, decision);
    return decision;
  }

  /** Records and decides in one step (the asynchronous use). */
  report(trial: number, epoch: number, score: number): PruneDecision {
    this.record(trial, epoch, score);
    return this.decide(trial, epoch);
  }

  /** Puts back a decision read from a study log (resuming), with its score. */
  restore(trial: number, epoch: number, score: number, decision: PruneDecision | undefined): void {
    this.record(trial, epoch, score);
    if (decision !== undefined && this.isRung(epoch)) this.decisions.set(`${trial}:${epoch}`, decision);
  }
}
