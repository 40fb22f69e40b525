import { describe, expect, it } from 'vitest';
import { AshaPruner } from './asha-pruner.js';
import { InvalidTuneOptionError } from './tune-error.js';

/** Synthetic learning curves: accuracy after each epoch; trial i's curve rises to its own plateau. */
function curve(plateau: number, epochs: number): number[] {
  return Array.from({ length: epochs }, (_, e) => plateau * (1 - 0.5 ** (e + 1)));
}

describe('AshaPruner', () => {
  it('puts rungs at minEpochs·η^k below the last epoch', () => {
    expect(new AshaPruner({ maxEpochs: 9 }).rungs).toEqual([1, 3]);
    expect(new AshaPruner({ maxEpochs: 27, minEpochs: 1, reductionFactor: 3 }).rungs).toEqual([1, 3, 9]);
    expect(new AshaPruner({ maxEpochs: 8, minEpochs: 2, reductionFactor: 2 }).rungs).toEqual([2, 4]);
    expect(new AshaPruner({ maxEpochs: 1 }).rungs).toEqual([]);
    expect(() => new AshaPruner({ maxEpochs: 4, reductionFactor: 1 })).toThrow(InvalidTuneOptionError);
  });

  it('stops exactly what synchronous successive halving stops when each rung is reported in full first', () => {
    // 9 trials, η = 3, 9 epochs: rung 1 keeps the best 3, rung 3 keeps the best 1.
    const plateaus = [0.91, 0.97, 0.85, 0.99, 0.6, 0.95, 0.8, 0.93, 0.7];
    const curves = plateaus.map((p) => curve(p, 9));
    const pruner = new AshaPruner({ maxEpochs: 9, reductionFactor: 3 });
    let alive = plateaus.map((_, i) => i);
    for (const rung of pruner.rungs) {
      for (const t of alive) pruner.record(t, rung, curves[t]?.[rung - 1] as number);
      alive = alive.filter((t) => pruner.decide(t, rung) === 'continue');
      const expected = Math.floor(plateaus.length / 3 ** (pruner.rungs.indexOf(rung) + 1));
      expect(alive.length).toBe(expected);
    }
    // Successive halving by hand: rung 1 keeps the three highest plateaus (0.99, 0.97, 0.95), rung 3 the highest.
    expect(alive).toEqual([3]);
  });

  it('asynchronously: a trial goes on only when it is among the best ⌊n/η⌋ at its rung so far', () => {
    const pruner = new AshaPruner({ maxEpochs: 9, reductionFactor: 3 });
    // Trials arrive one after the other (one worker); at rung 1 the competitors are the trials so far.
    const rung1 = [0.5, 0.4, 0.6, 0.55, 0.3, 0.7, 0.65];
    const decisions = rung1.map((v, t) => pruner.report(t, 1, v));
    // n=1: best → go; n=2: 0.4 < 0.5 → prune; n=3: 0.6 best → go; n=4: 0.55 < 0.6 → prune; n=5: 0.3 → prune;
    // n=6: ⌊6/3⌋=2, top two are 0.7, 0.6 → 0.7 goes; n=7: top two 0.7, 0.65 → 0.65 goes.
    expect(decisions).toEqual(['continue', 'prune', 'continue', 'prune', 'prune', 'continue', 'continue']);
    // Off the rungs nothing is pruned.
    expect(pruner.report(0, 2, 0)).toBe('continue');
    // Asking again gives the recorded decision, even after better trials arrived.
    pruner.report(8, 1, 0.99);
    expect(pruner.decide(0, 1)).toBe('continue');
  });

  it('restores decisions from a log', () => {
    const a = new AshaPruner({ maxEpochs: 9 });
    a.restore(0, 1, 0.2, 'prune');
    expect(a.decide(0, 1)).toBe('prune');
    expect(a.report(1, 1, 0.1)).toBe('prune');
  });
});
