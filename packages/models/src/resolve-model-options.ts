import { ACTIVATIONS, type ActivationName, type CreateModelOptions, MNIST_CLASS_COUNT, MNIST_INPUT_SHAPE } from './create-model-options.js';
import { InvalidModelOptionsError } from './invalid-model-options-error.js';

/** Largest seed accepted (seeds are mixed as unsigned 32-bit integers). */
export const MAX_MODEL_SEED = 0xffff_ffff;
/** Largest filter or unit count accepted for one layer (a guard against typos such as 64000). */
const MAX_LAYER_WIDTH = 4096;

/** Options after defaults and validation. */
export interface ResolvedModelOptions {
  seed: number | undefined;
  inputShape: [number, number, number];
  numClasses: number;
  /** The tfjs activation identifier of the hidden layers (`silu` resolved to `swish`). */
  activation: 'relu' | 'elu' | 'gelu' | 'swish';
  /** Unset: the architecture's default. */
  dropout: number | undefined;
  filters: number[] | undefined;
  denseUnits: number | undefined;
  batchNorm: boolean | undefined;
}

function layerWidth(option: string, value: unknown): number {
  if (!(typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= MAX_LAYER_WIDTH)) {
    throw new InvalidModelOptionsError(option, `an integer from 1 to ${MAX_LAYER_WIDTH}`, value);
  }
  return value;
}

/** Applies defaults and checks the options, throwing InvalidModelOptionsError on bad values. */
export function resolveModelOptions(options: CreateModelOptions = {}): ResolvedModelOptions {
  const { seed, inputShape = [...MNIST_INPUT_SHAPE] as [number, number, number], numClasses = MNIST_CLASS_COUNT } = options;
  if (seed !== undefined && !(Number.isInteger(seed) && seed >= 0 && seed <= MAX_MODEL_SEED)) {
    throw new InvalidModelOptionsError('seed', `an integer from 0 to ${MAX_MODEL_SEED}`, seed);
  }
  if (!Array.isArray(inputShape) || inputShape.length !== 3 || !inputShape.every((d) => Number.isInteger(d) && d > 0)) {
    throw new InvalidModelOptionsError('inputShape', '[rows, cols, channels] of positive integers', inputShape);
  }
  if (!(Number.isInteger(numClasses) && numClasses >= 2)) {
    throw new InvalidModelOptionsError('numClasses', 'an integer of at least 2', numClasses);
  }
  const activation = options.activation ?? 'relu';
  if (!ACTIVATIONS.includes(activation as ActivationName)) {
    throw new InvalidModelOptionsError('activation', `one of ${ACTIVATIONS.join(', ')}`, activation);
  }
  const { dropout, filters, denseUnits, batchNorm } = options;
  if (dropout !== undefined && !(typeof dropout === 'number' && Number.isFinite(dropout) && dropout >= 0 && dropout < 1)) {
    throw new InvalidModelOptionsError('dropout', 'a rate in [0, 1)', dropout);
  }
  if (filters !== undefined && !(Array.isArray(filters) && filters.length > 0)) {
    throw new InvalidModelOptionsError('filters', 'a non-empty array of filter counts, one per convolution', filters);
  }
  filters?.forEach((f, i) => {
    layerWidth(`filters[${i}]`, f);
  });
  if (denseUnits !== undefined) layerWidth('denseUnits', denseUnits);
  if (batchNorm !== undefined && typeof batchNorm !== 'boolean') {
    throw new InvalidModelOptionsError('batchNorm', 'true or false', batchNorm);
  }
  return {
    seed,
    inputShape: [inputShape[0], inputShape[1], inputShape[2]],
    numClasses,
    activation: activation === 'silu' ? 'swish' : (activation as ResolvedModelOptions['activation']),
    dropout,
    filters: filters === undefined ? undefined : [...filters],
    denseUnits,
    batchNorm,
  };
}

/** The filters of an architecture with `count` convolutions: `filters` when given (of that length), else `defaults`. */
export function convolutionFilters<T extends readonly number[]>(model: string, resolved: ResolvedModelOptions, defaults: T): [...T] {
  if (resolved.filters === undefined) return [...defaults];
  if (resolved.filters.length !== defaults.length) {
    throw new InvalidModelOptionsError(
      'filters',
      `${defaults.length} filter count(s) for ${model} (one per convolution, default [${defaults.join(', ')}])`,
      resolved.filters,
    );
  }
  return [...resolved.filters] as [...T];
}
