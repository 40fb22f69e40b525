import { describe, expect, it } from 'vitest';
import { createGridSampler, createRandomSampler, createSampler, createTpeSampler, enumerateGrid, type ObservedTrial } from './samplers.js';
import { defaultSearchSpace, type Params, parseSearchSpace } from './search-space.js';
import { InvalidSpaceError } from './tune-error.js';

const SPACE = parseSearchSpace({
  parameters: {
    learningRate: { type: 'log-float', low: 1e-4, high: 1e-1 },
    optimizer: { type: 'choice', values: ['adam', 'momentum', 'sgd'] },
    batchSize: { type: 'int', low: 32, high: 256, step: 32 },
    dropout: { type: 'float', low: 0, high: 0.5, when: { optimizer: ['momentum', 'sgd'] } },
  },
});

function run(sampler: ReturnType<typeof createSampler>, trials: number, objective: (p: Params) => number): ObservedTrial[] {
  const observed: ObservedTrial[] = [];
  for (let t = 0; t < trials; t++) {
    const params = sampler.sample(t, observed);
    if (!params) break;
    observed.push({ params, score: objective(params) });
  }
  return observed;
}

describe('samplers are deterministic for a seed', () => {
  const objective = (p: Params) => -Math.abs(Math.log10(p.learningRate as number) + 2.5) - (p.optimizer === 'adam' ? 0 : 0.3);
  it.each(['random', 'tpe', 'grid'] as const)('%s: the same seed gives the same configurations in the same order', (name) => {
    const grid = { ...SPACE, parameters: { ...SPACE.parameters, learningRate: { type: 'log-float' as const, low: 1e-4, high: 1e-1, steps: 4 }, dropout: { type: 'float' as const, low: 0, high: 0.5, steps: 2, when: { optimizer: ['momentum', 'sgd'] } } } };
    const space = name === 'grid' ? grid : SPACE;
    const a = run(createSampler(name, space, 7), 30, objective).map((t) => t.params);
    const b = run(createSampler(name, space, 7), 30, objective).map((t) => t.params);
    expect(a.length).toBe(30);
    expect(b).toEqual(a);
    if (name !== 'grid') {
      const c = run(createSampler(name, space, 8), 30, objective).map((t) => t.params);
      expect(c).not.toEqual(a);
    }
  });

  it('random trial n depends only on the seed and n, not on what was observed', () => {
    const sampler = createRandomSampler(SPACE, 3);
    expect(sampler.sample(5, [])).toEqual(sampler.sample(5, [{ params: {}, score: 1 }]));
  });

  it('conditional parameters appear only when their condition holds, within bounds', () => {
    for (const t of run(createTpeSampler(SPACE, 1, { startupTrials: 5 }), 40, () => Math.random())) {
      const p = t.params;
      expect(Object.hasOwn(p, 'dropout')).toBe(p.optimizer !== 'adam');
      expect(p.learningRate as number).toBeGreaterThanOrEqual(1e-4);
      expect(p.learningRate as number).toBeLessThanOrEqual(1e-1);
      expect([32, 64, 96, 128, 160, 192, 224, 256]).toContain(p.batchSize);
    }
  });
});

describe('grid sampler', () => {
  it('covers the grid exactly once, conditional parameters only where active', () => {
    const space = parseSearchSpace({
      parameters: {
        optimizer: { type: 'choice', values: ['adam', 'sgd'] },
        batchSize: { type: 'int', low: 64, high: 256, step: 64 },
        learningRate: { type: 'log-float', low: 0.001, high: 0.1, steps: 3 },
        dropout: { type: 'float', low: 0, high: 0.4, steps: 3, when: { optimizer: 'sgd' } },
      },
    });
    const sampler = createGridSampler(space);
    // adam: 4 batch sizes × 3 rates; sgd: 4 × 3 × 3 dropouts.
    expect(sampler.size).toBe(4 * 3 + 4 * 3 * 3);
    const seen: string[] = [];
    for (let t = 0; ; t++) {
      const p = sampler.sample(t, []);
      if (!p) break;
      seen.push(JSON.stringify(p));
    }
    expect(seen.length).toBe(48);
    expect(new Set(seen).size).toBe(48);
    const expected: string[] = [];
    for (const optimizer of ['adam', 'sgd'])
      for (const batchSize of [64, 128, 192, 256])
        for (const learningRate of [0.001, 0.01, 0.1])
          for (const dropout of optimizer === 'sgd' ? [0, 0.2, 0.4] : [undefined]) {
            expected.push(JSON.stringify({ optimizer, batchSize, learningRate, ...(dropout === undefined ? {} : { dropout }) }));
          }
    const round = (s: string) => JSON.stringify(JSON.parse(s), (_k, v) => (typeof v === 'number' ? Number(v.toPrecision(10)) : v));
    expect(new Set(seen.map(round))).toEqual(new Set(expected.map(round)));
  });

  it('refuses a continuous parameter without grid steps', () => {
    expect(() => enumerateGrid(SPACE)).toThrow(InvalidSpaceError);
    expect(() => enumerateGrid(SPACE)).toThrow(/learningRate.*steps/);
  });

  it('enumerates the default space of mlp once each', () => {
    const space = defaultSearchSpace('mlp');
    const onlyChoices = parseSearchSpace({ parameters: Object.fromEntries(Object.entries(space.parameters).filter(([, s]) => s.type === 'choice')) });
    const grid = enumerateGrid(onlyChoices);
    expect(new Set(grid.map((p) => JSON.stringify(p))).size).toBe(grid.length);
    expect(grid.length).toBe(Object.values(onlyChoices.parameters).reduce((n, s) => n * (s.type === 'choice' ? s.values.length : 1), 1));
  });
});

describe('TPE beats random search on a synthetic objective', () => {
  // A known function, no training: a narrow optimum in a log-scaled rate, a float and a category.
  const space = parseSearchSpace({
    parameters: {
      learningRate: { type: 'log-float', low: 1e-5, high: 1 },
      dropout: { type: 'float', low: 0, high: 1 - 1e-9 },
      denseUnits: { type: 'int', low: 8, high: 512 },
      activation: { type: 'choice', values: ['relu', 'elu', 'gelu', 'swish'] },
    },
  });
  const objective = (p: Params) =>
    -((Math.log10(p.learningRate as number) + 2.7) ** 2) - 4 * ((p.dropout as number) - 0.23) ** 2 - (((p.denseUnits as number) - 300) / 200) ** 2 - (p.activation === 'gelu' ? 0 : 0.5);

  it('has a better mean best score over 20 seeds and wins most seeds (40 trials each)', () => {
    const seeds = Array.from({ length: 20 }, (_, i) => 100 + i);
    const bestOf = (observed: ObservedTrial[]) => Math.max(...observed.map((t) => t.score as number));
    const tpe = seeds.map((s) => bestOf(run(createTpeSampler(space, s), 40, objective)));
    const random = seeds.map((s) => bestOf(run(createRandomSampler(space, s), 40, objective)));
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const wins = seeds.filter((_, i) => (tpe[i] as number) > (random[i] as number)).length;
    expect(mean(tpe)).toBeGreaterThan(mean(random));
    expect(wins).toBeGreaterThanOrEqual(14);
  });
});
