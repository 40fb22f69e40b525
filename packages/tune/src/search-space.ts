import { ACTIVATIONS, MODEL_NAMES } from '@mnist/models';
import { OPTIMIZERS, SCHEDULES } from '@mnist/train';
import { InvalidSpaceError } from './tune-error.js';

/** A parameter value: anything JSON can hold (numbers, names, booleans, arrays such as filter lists). */
export type ParamValue = string | number | boolean | null | readonly ParamValue[] | { readonly [key: string]: ParamValue };
/** One trial's configuration: parameter name → value (inactive conditional parameters are absent). */
export type Params = Record<string, ParamValue>;

/** `"when": { "optimizer": ["sgd", "momentum"] }`: active only when every named (earlier) parameter has one of the values. */
export type Condition = Readonly<Record<string, readonly ParamValue[]>>;

/** One of a list of values. */
export interface ChoiceParameter {
  type: 'choice';
  values: readonly ParamValue[];
  when?: Condition;
}
/** An integer from `low` to `high` (inclusive), in steps of `step` (default 1). */
export interface IntParameter {
  type: 'int';
  low: number;
  high: number;
  step?: number;
  when?: Condition;
}
/** A number from `low` to `high`, uniform (`float`) or uniform in its logarithm (`log-float`). `steps` points for the grid sampler. */
export interface FloatParameter {
  type: 'float' | 'log-float';
  low: number;
  high: number;
  steps?: number;
  when?: Condition;
}
export type ParameterSpec = ChoiceParameter | IntParameter | FloatParameter;

/** A search space: parameters in order (a condition may only name a parameter listed before it). */
export interface SearchSpace {
  parameters: Readonly<Record<string, ParameterSpec>>;
}

interface KnownParameter {
  /** What the parameter sets. */
  description: string;
  /** What a value must be, for messages. */
  expected: string;
  /** False for parameters that only take named values (choice only). */
  numeric: boolean;
  integer?: boolean;
  check(value: unknown): boolean;
}

const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isInt = (v: unknown, min: number, max: number) => isNumber(v) && Number.isInteger(v) && v >= min && v <= max;
const oneOf = (list: readonly unknown[]) => (v: unknown) => list.includes(v);

/** Largest augmentation strength (1 is the `best` preset's augmentation). */
export const MAX_AUGMENTATION_STRENGTH = 3;

/** Every parameter a space may vary, with what it sets (train() options, and the model options of @mnist/models). */
export const TUNABLE_PARAMETERS: Readonly<Record<string, KnownParameter>> = {
  model: { description: 'architecture', expected: `one of ${MODEL_NAMES.join(', ')}`, numeric: false, check: oneOf(MODEL_NAMES) },
  learningRate: { description: 'base/peak learning rate', expected: 'a positive number', numeric: true, check: (v) => isNumber(v) && v > 0 },
  batchSize: { description: 'batch size', expected: 'an integer from 1 to 4096', numeric: true, integer: true, check: (v) => isInt(v, 1, 4096) },
  epochs: { description: 'epochs of a full trial', expected: 'an integer from 1 to 1000', numeric: true, integer: true, check: (v) => isInt(v, 1, 1000) },
  optimizer: { description: 'optimizer', expected: `one of ${OPTIMIZERS.join(', ')}`, numeric: false, check: oneOf(OPTIMIZERS) },
  schedule: { description: 'learning-rate schedule', expected: `one of ${SCHEDULES.join(', ')}`, numeric: false, check: oneOf(SCHEDULES) },
  labelSmoothing: { description: 'label smoothing', expected: 'a number in [0, 1)', numeric: true, check: (v) => isNumber(v) && v >= 0 && v < 1 },
  augmentation: {
    description: "augmentation strength: 0 off, 1 the best preset's rotation/scale/shift/stroke, in between scaled",
    expected: `a number from 0 to ${MAX_AUGMENTATION_STRENGTH}`,
    numeric: true,
    check: (v) => isNumber(v) && v >= 0 && v <= MAX_AUGMENTATION_STRENGTH,
  },
  activation: { description: 'hidden-layer activation', expected: `one of ${ACTIVATIONS.join(', ')}`, numeric: false, check: oneOf(ACTIVATIONS) },
  dropout: { description: 'dropout rate before the output layer', expected: 'a number in [0, 1)', numeric: true, check: (v) => isNumber(v) && v >= 0 && v < 1 },
  filters: {
    description: 'filters of each convolution (one number per convolution)',
    expected: 'an array of integers from 1 to 4096',
    numeric: false,
    check: (v) => Array.isArray(v) && v.length > 0 && v.every((f) => isInt(f, 1, 4096)),
  },
  denseUnits: { description: 'units of the hidden dense layer(s)', expected: 'an integer from 1 to 4096', numeric: true, integer: true, check: (v) => isInt(v, 1, 4096) },
  batchNorm: { description: 'batch normalisation on/off', expected: 'true or false', numeric: false, check: (v) => typeof v === 'boolean' },
};

const SPEC_KEYS: Record<ParameterSpec['type'], readonly string[]> = {
  choice: ['type', 'values', 'when'],
  int: ['type', 'low', 'high', 'step', 'when'],
  float: ['type', 'low', 'high', 'steps', 'when'],
  'log-float': ['type', 'low', 'high', 'steps', 'when'],
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseCondition(source: string, name: string, value: unknown, earlier: readonly string[]): Condition {
  const fail = (problem: string) => new InvalidSpaceError({ source, parameter: name, problem });
  if (!isRecord(value) || Object.keys(value).length === 0) throw fail(`"when" must be an object such as { "optimizer": ["sgd"] }, found ${JSON.stringify(value)}`);
  const condition: Record<string, readonly ParamValue[]> = {};
  for (const [other, allowed] of Object.entries(value)) {
    if (!earlier.includes(other)) throw fail(`"when" names "${other}", which is not a parameter listed before "${name}"`);
    const list = Array.isArray(allowed) ? allowed : [allowed];
    if (list.length === 0) throw fail(`"when.${other}" is an empty list: the parameter could never be active`);
    condition[other] = list as ParamValue[];
  }
  return condition;
}

function parseParameter(source: string, name: string, raw: unknown, earlier: readonly string[]): ParameterSpec {
  const known = TUNABLE_PARAMETERS[name];
  const fail = (problem: string) => new InvalidSpaceError({ source, parameter: name, problem });
  if (!known || !Object.hasOwn(TUNABLE_PARAMETERS, name)) {
    throw new InvalidSpaceError({ source, parameter: name, problem: `unknown parameter; the tunable ones are ${Object.keys(TUNABLE_PARAMETERS).join(', ')}` });
  }
  if (!isRecord(raw)) throw fail(`expected an object such as { "type": "choice", "values": [...] }, found ${JSON.stringify(raw)}`);
  const type = raw.type;
  if (type !== 'choice' && type !== 'int' && type !== 'float' && type !== 'log-float') {
    throw fail(`"type" must be choice, int, float or log-float, found ${JSON.stringify(type)}`);
  }
  const extra = Object.keys(raw).find((key) => !SPEC_KEYS[type].includes(key));
  if (extra !== undefined) throw fail(`unknown key "${extra}" for a ${type} parameter (allowed: ${SPEC_KEYS[type].join(', ')})`);
  const when = raw.when === undefined ? undefined : parseCondition(source, name, raw.when, earlier);
  const checkValue = (value: unknown, what: string) => {
    if (!known.check(value)) throw fail(`${what} ${JSON.stringify(value)} is not ${known.expected}`);
  };
  if (type === 'choice') {
    const values = raw.values;
    if (!Array.isArray(values) || values.length === 0) throw fail(`"values" must be a non-empty list, found ${JSON.stringify(values)}`);
    for (const v of values) checkValue(v, 'value');
    const seen = new Set(values.map((v) => JSON.stringify(v)));
    if (seen.size !== values.length) throw fail('"values" lists the same value twice');
    return { type, values: values as ParamValue[], ...(when ? { when } : {}) };
  }
  if (!known.numeric) throw fail(`it takes named values only: use { "type": "choice", "values": [...] } (${known.expected})`);
  const { low, high } = raw;
  if (!isNumber(low) || !isNumber(high)) throw fail(`"low" and "high" must be numbers, found ${JSON.stringify(low)} and ${JSON.stringify(high)}`);
  if (low > high) throw fail(`"low" (${low}) is greater than "high" (${high})`);
  checkValue(low, 'low');
  checkValue(high, 'high');
  if (type === 'int') {
    if (!Number.isInteger(low) || !Number.isInteger(high)) throw fail(`an int parameter needs integer bounds, found ${low} and ${high}`);
    const step = raw.step ?? 1;
    if (!isInt(step, 1, Number.MAX_SAFE_INTEGER)) throw fail(`"step" must be a positive integer, found ${JSON.stringify(step)}`);
    return { type, low, high, ...(raw.step === undefined ? {} : { step: step as number }), ...(when ? { when } : {}) };
  }
  if (known.integer) throw fail(`it takes integers: use { "type": "int", "low": ${low}, "high": ${high} }`);
  if (type === 'log-float' && low <= 0) throw fail(`a log-float parameter needs "low" > 0, found ${low}`);
  const steps = raw.steps;
  if (steps !== undefined && !isInt(steps, 1, 10_000)) throw fail(`"steps" (grid points) must be an integer from 1 to 10000, found ${JSON.stringify(steps)}`);
  return { type, low, high, ...(steps === undefined ? {} : { steps: steps as number }), ...(when ? { when } : {}) };
}

/**
 * Checks a search space (parsed JSON, or an object from a TS/JS file) and returns it normalised.
 * @param source names the space in error messages (a file path).
 * @throws InvalidSpaceError naming the parameter and the problem (unknown parameter, empty choice, low > high, …).
 */
export function parseSearchSpace(input: unknown, source = 'the search space'): SearchSpace {
  if (!isRecord(input)) throw new InvalidSpaceError({ source, problem: `expected an object { "parameters": { … } }, found ${JSON.stringify(input)}` });
  const extra = Object.keys(input).find((key) => key !== 'parameters' && key !== '$schema' && key !== 'description');
  if (extra !== undefined) throw new InvalidSpaceError({ source, problem: `unknown top-level key "${extra}" (expected "parameters")` });
  const raw = input.parameters;
  if (!isRecord(raw) || Object.keys(raw).length === 0) {
    throw new InvalidSpaceError({ source, problem: '"parameters" must be an object with at least one parameter' });
  }
  const parameters: Record<string, ParameterSpec> = {};
  const names: string[] = [];
  for (const [name, spec] of Object.entries(raw)) {
    parameters[name] = parseParameter(source, name, spec, names);
    names.push(name);
  }
  return { parameters };
}

/** Typed identity for spaces written in TypeScript; `tune()` validates them like a JSON file. */
export function defineSearchSpace(space: SearchSpace): SearchSpace {
  return space;
}

/** True when the parameter's condition holds for the values chosen so far. */
export function isActive(spec: ParameterSpec, chosen: Params): boolean {
  if (!spec.when) return true;
  return Object.entries(spec.when).every(([other, allowed]) => {
    if (!Object.hasOwn(chosen, other)) return false;
    const value = JSON.stringify(chosen[other]);
    return allowed.some((a) => JSON.stringify(a) === value);
  });
}

/** A canonical string of the space: the same space (same order) always gives the same string. */
export function canonicalSpace(space: SearchSpace): string {
  return JSON.stringify(space.parameters);
}

const COMMON = {
  learningRate: { type: 'log-float', low: 3e-4, high: 1e-2 },
  batchSize: { type: 'choice', values: [64, 128, 256] },
  optimizer: { type: 'choice', values: ['adam', 'rmsprop', 'momentum'] },
  schedule: { type: 'choice', values: ['one-cycle', 'cosine', 'constant'] },
  activation: { type: 'choice', values: ['relu', 'elu', 'gelu', 'swish'] },
  batchNorm: { type: 'choice', values: [false, true] },
  dropout: { type: 'float', low: 0, high: 0.5 },
  labelSmoothing: { type: 'float', low: 0, high: 0.15 },
  augmentation: { type: 'float', low: 0, high: 1 },
} as const;

const DEFAULT_FILTERS: Readonly<Record<string, readonly (readonly number[])[]>> = {
  'cnn-fast': [
    [8, 16],
    [16, 32],
    [24, 48],
  ],
  'cnn-small': [
    [16, 32],
    [32, 64],
  ],
  cnn: [
    [16, 32],
    [32, 64],
  ],
  'cnn-bn': [
    [24, 32, 48],
    [32, 48, 64],
  ],
};

/**
 * The built-in space of a model: learning rate (log-uniform), batch size, optimizer, schedule,
 * activation, batch norm, dropout, filters (not for `mlp`), dense units, label smoothing and
 * augmentation strength. Epochs are fixed by `tune()`'s `epochs` (the pruner's budget).
 */
export function defaultSearchSpace(model: string): SearchSpace {
  if (!(MODEL_NAMES as readonly string[]).includes(model)) {
    throw new InvalidSpaceError({ source: 'the default space', problem: `no default space for model ${JSON.stringify(model)} (one of ${MODEL_NAMES.join(', ')})` });
  }
  const filters = DEFAULT_FILTERS[model];
  return parseSearchSpace(
    {
      parameters: {
        ...COMMON,
        ...(filters ? { filters: { type: 'choice', values: filters } } : {}),
        denseUnits: { type: 'choice', values: model === 'mlp' ? [64, 128, 256] : [32, 64, 128] },
      },
    },
    `the default space of ${model}`,
  );
}
