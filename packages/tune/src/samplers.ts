import { InvalidSpaceError, InvalidTuneOptionError } from './tune-error.js';
import { isActive, type ParameterSpec, type Params, type ParamValue, type SearchSpace } from './search-space.js';
import { mixSeed, normal, seededRandom } from './seeded-random.js';

/** Names of the samplers. */
export const SAMPLERS = ['grid', 'random', 'tpe'] as const;
export type SamplerName = (typeof SAMPLERS)[number];

/** A finished trial as a sampler sees it: its parameters and its score (higher is better), if it has one. */
export interface ObservedTrial {
  params: Params;
  /** Objective value oriented so that higher is better; undefined for failed or running trials. */
  score: number | undefined;
}

/** Proposes trial configurations. The same seed, trial number and observations always give the same configuration. */
export interface Sampler {
  readonly name: SamplerName;
  /** The configuration of trial `trial` (0-based), or undefined when the sampler has nothing left (grid). */
  sample(trial: number, observed: readonly ObservedTrial[]): Params | undefined;
  /** Number of configurations when finite (grid). */
  readonly size?: number;
}

/** Largest grid enumerated (a guard against a space with millions of points). */
export const MAX_GRID_SIZE = 100_000;

const SAMPLER_SEED_PURPOSE = { random: 1, tpe: 2 } as const;

function gridValues(name: string, spec: ParameterSpec): readonly ParamValue[] {
  switch (spec.type) {
    case 'choice':
      return spec.values;
    case 'int': {
      const step = spec.step ?? 1;
      const values: number[] = [];
      for (let v = spec.low; v <= spec.high; v += step) values.push(v);
      return values;
    }
    default: {
      if (spec.steps === undefined) {
        throw new InvalidSpaceError({
          source: 'the grid sampler',
          parameter: name,
          problem: `a ${spec.type} parameter needs "steps" (the number of grid points) for the grid sampler`,
        });
      }
      if (spec.steps === 1 || spec.low === spec.high) return [spec.low];
      const values: number[] = [];
      for (let i = 0; i < spec.steps; i++) {
        const t = i / (spec.steps - 1);
        values.push(
          spec.type === 'log-float' ? Math.exp(Math.log(spec.low) + t * (Math.log(spec.high) - Math.log(spec.low))) : spec.low + t * (spec.high - spec.low),
        );
      }
      return values;
    }
  }
}

/** Every distinct configuration of the space: the product of the active parameters' values, each once. */
export function enumerateGrid(space: SearchSpace): Params[] {
  const entries = Object.entries(space.parameters);
  const values = entries.map(([name, spec]) => gridValues(name, spec));
  const out: Params[] = [];
  const walk = (index: number, chosen: Params): void => {
    if (out.length > MAX_GRID_SIZE) {
      throw new InvalidSpaceError({ source: 'the grid sampler', problem: `the grid has more than ${MAX_GRID_SIZE} points; use the random or tpe sampler` });
    }
    if (index === entries.length) {
      out.push({ ...chosen });
      return;
    }
    const [name, spec] = entries[index] as [string, ParameterSpec];
    if (!isActive(spec, chosen)) {
      walk(index + 1, chosen);
      return;
    }
    for (const value of values[index] ?? []) {
      chosen[name] = value;
      walk(index + 1, chosen);
      delete chosen[name];
    }
  };
  walk(0, {});
  return out;
}

function sampleUniform(spec: ParameterSpec, random: () => number): ParamValue {
  switch (spec.type) {
    case 'choice':
      return spec.values[Math.floor(random() * spec.values.length)] as ParamValue;
    case 'int': {
      const step = spec.step ?? 1;
      const count = Math.floor((spec.high - spec.low) / step) + 1;
      return spec.low + step * Math.floor(random() * count);
    }
    case 'float':
      return spec.low + random() * (spec.high - spec.low);
    case 'log-float':
      return Math.exp(Math.log(spec.low) + random() * (Math.log(spec.high) - Math.log(spec.low)));
  }
}

/** Draws every active parameter uniformly (log-uniformly for log-float). */
function sampleRandomParams(space: SearchSpace, random: () => number): Params {
  const params: Params = {};
  for (const [name, spec] of Object.entries(space.parameters)) {
    if (isActive(spec, params)) params[name] = sampleUniform(spec, random);
  }
  return params;
}

/** The grid sampler: the grid's configurations in order, each exactly once. */
export function createGridSampler(space: SearchSpace): Sampler {
  const grid = enumerateGrid(space);
  return { name: 'grid', size: grid.length, sample: (trial) => (trial < grid.length ? { ...(grid[trial] as Params) } : undefined) };
}

/** The random sampler: trial n's configuration depends only on the seed and n. */
export function createRandomSampler(space: SearchSpace, seed: number): Sampler {
  return { name: 'random', sample: (trial) => sampleRandomParams(space, seededRandom(mixSeed(seed, SAMPLER_SEED_PURPOSE.random, trial))) };
}

/** Options of the TPE sampler. */
export interface TpeOptions {
  /** Trials drawn at random before the model is used. Default 8. */
  startupTrials?: number;
  /** Fraction of the observed trials counted as good. Default 0.25. */
  gamma?: number;
  /** Candidates drawn from the good density per parameter. Default 24. */
  candidates?: number;
}

/** Default number of random trials before TPE models the observations. */
export const TPE_STARTUP_TRIALS = 8;

interface Numeric {
  low: number;
  high: number;
  toInternal(v: number): number;
  fromInternal(x: number): number;
}

function numericScale(spec: Exclude<ParameterSpec, { type: 'choice' }>): Numeric {
  if (spec.type === 'log-float') {
    return { low: Math.log(spec.low), high: Math.log(spec.high), toInternal: Math.log, fromInternal: Math.exp };
  }
  if (spec.type === 'int') {
    const step = spec.step ?? 1;
    // Integers are modelled on a continuous range widened by half a step, then snapped.
    return {
      low: spec.low - step / 2,
      high: spec.high + step / 2,
      toInternal: (v) => v,
      fromInternal: (x) => Math.min(spec.high, Math.max(spec.low, spec.low + step * Math.round((x - spec.low) / step))),
    };
  }
  return { low: spec.low, high: spec.high, toInternal: (v) => v, fromInternal: (x) => x };
}

const SQRT2 = Math.SQRT2;
function erf(x: number): number {
  // Abramowitz-Stegun 7.1.26 (|error| < 1.5e-7).
  const sign = x < 0 ? -1 : 1;
  const t = 1 / (1 + 0.3275911 * Math.abs(x));
  const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
  return sign * y;
}
const normalCdf = (x: number) => 0.5 * (1 + erf(x / SQRT2));

/** A Parzen estimator on [low, high]: truncated Gaussians at the points plus a uniform prior component. */
class Parzen {
  private readonly sigmas: number[];
  private readonly masses: number[];
  constructor(
    private readonly points: readonly number[],
    private readonly low: number,
    private readonly high: number,
  ) {
    const range = high - low;
    const sorted = [...points].sort((a, b) => a - b);
    const minSigma = range / Math.min(100, 1 + points.length);
    this.sigmas = points.map((p) => {
      const i = sorted.indexOf(p);
      const left = i > 0 ? p - (sorted[i - 1] as number) : p - low;
      const right = i < sorted.length - 1 ? (sorted[i + 1] as number) - p : high - p;
      return Math.min(range, Math.max(minSigma, left, right));
    });
    this.masses = points.map((p, i) => {
      const s = this.sigmas[i] as number;
      return Math.max(1e-12, normalCdf((high - p) / s) - normalCdf((low - p) / s));
    });
  }

  density(x: number): number {
    const n = this.points.length;
    let sum = 1 / (this.high - this.low);
    for (let i = 0; i < n; i++) {
      const s = this.sigmas[i] as number;
      const z = (x - (this.points[i] as number)) / s;
      sum += Math.exp(-0.5 * z * z) / (s * Math.sqrt(2 * Math.PI) * (this.masses[i] as number));
    }
    return sum / (n + 1);
  }

  sample(random: () => number): number {
    const n = this.points.length;
    const pick = Math.floor(random() * (n + 1));
    if (pick === n) return this.low + random() * (this.high - this.low);
    const mean = this.points[pick] as number;
    const s = this.sigmas[pick] as number;
    for (let tries = 0; tries < 100; tries++) {
      const x = mean + s * normal(random);
      if (x >= this.low && x <= this.high) return x;
    }
    return Math.min(this.high, Math.max(this.low, mean));
  }
}

/**
 * The Tree-structured Parzen Estimator sampler (Bergstra et al. 2011, as in hyperopt and Optuna):
 * after `startupTrials` random trials, each active parameter is drawn from the candidates that
 * maximise l(x)/g(x), where l models the best `gamma` of the observed trials and g the rest.
 * Conditional parameters are modelled on the trials where they were active.
 */
export function createTpeSampler(space: SearchSpace, seed: number, options: TpeOptions = {}): Sampler {
  const startupTrials = options.startupTrials ?? TPE_STARTUP_TRIALS;
  const gamma = options.gamma ?? 0.25;
  const candidates = options.candidates ?? 24;
  if (!Number.isInteger(startupTrials) || startupTrials < 1) throw new InvalidTuneOptionError({ option: 'startupTrials', value: startupTrials, expected: 'a positive integer' });
  if (!(gamma > 0 && gamma < 1)) throw new InvalidTuneOptionError({ option: 'gamma', value: gamma, expected: 'a number in (0, 1)' });
  return {
    name: 'tpe',
    sample(trial, observed) {
      const random = seededRandom(mixSeed(seed, SAMPLER_SEED_PURPOSE.tpe, trial));
      const scored = observed.filter((t): t is ObservedTrial & { score: number } => t.score !== undefined && Number.isFinite(t.score));
      if (scored.length < startupTrials) return sampleRandomParams(space, random);
      const params: Params = {};
      for (const [name, spec] of Object.entries(space.parameters)) {
        if (!isActive(spec, params)) continue;
        const relevant = scored.filter((t) => Object.hasOwn(t.params, name)).sort((a, b) => b.score - a.score);
        if (relevant.length < 2) {
          params[name] = sampleUniform(spec, random);
          continue;
        }
        const nGood = Math.max(1, Math.min(25, Math.ceil(gamma * relevant.length)));
        const good = relevant.slice(0, nGood).map((t) => t.params[name] as ParamValue);
        const bad = relevant.slice(nGood).map((t) => t.params[name] as ParamValue);
        params[name] = spec.type === 'choice' ? chooseCategory(spec.values, good, bad, random, candidates) : chooseNumber(spec, good, bad, random, candidates);
      }
      return params;
    },
  };
}

function chooseCategory(values: readonly ParamValue[], good: readonly ParamValue[], bad: readonly ParamValue[], random: () => number, candidates: number): ParamValue {
  const keys = values.map((v) => JSON.stringify(v));
  const weights = (list: readonly ParamValue[]) => {
    const counts = keys.map(() => 1);
    for (const v of list) {
      const i = keys.indexOf(JSON.stringify(v));
      if (i >= 0) counts[i] = (counts[i] as number) + 1;
    }
    const total = counts.reduce((a, b) => a + b, 0);
    return counts.map((c) => c / total);
  };
  const l = weights(good);
  const g = weights(bad);
  let best = 0;
  let bestRatio = Number.NEGATIVE_INFINITY;
  for (let c = 0; c < candidates; c++) {
    let u = random();
    let i = 0;
    while (i < l.length - 1 && u >= (l[i] as number)) {
      u -= l[i] as number;
      i++;
    }
    const ratio = Math.log(l[i] as number) - Math.log(g[i] as number);
    if (ratio > bestRatio) {
      bestRatio = ratio;
      best = i;
    }
  }
  return values[best] as ParamValue;
}

function chooseNumber(
  spec: Exclude<ParameterSpec, { type: 'choice' }>,
  good: readonly ParamValue[],
  bad: readonly ParamValue[],
  random: () => number,
  candidates: number,
): number {
  const scale = numericScale(spec);
  if (scale.high <= scale.low) return spec.low;
  const l = new Parzen(good.map((v) => scale.toInternal(v as number)), scale.low, scale.high);
  const g = new Parzen(bad.map((v) => scale.toInternal(v as number)), scale.low, scale.high);
  let best = l.sample(random);
  let bestRatio = Number.NEGATIVE_INFINITY;
  for (let c = 0; c < candidates; c++) {
    const x = c === 0 ? best : l.sample(random);
    const ratio = Math.log(l.density(x)) - Math.log(g.density(x));
    if (ratio > bestRatio) {
      bestRatio = ratio;
      best = x;
    }
  }
  return scale.fromInternal(best);
}

/** Builds the named sampler over a space. */
export function createSampler(name: SamplerName, space: SearchSpace, seed: number): Sampler {
  switch (name) {
    case 'grid':
      return createGridSampler(space);
    case 'random':
      return createRandomSampler(space, seed);
    case 'tpe':
      return createTpeSampler(space, seed);
    default:
      throw new InvalidTuneOptionError({ option: 'sampler', value: name, expected: `one of ${SAMPLERS.join(', ')}` });
  }
}
