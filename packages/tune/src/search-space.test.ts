import { MODEL_NAMES } from '@mnist/models';
import { describe, expect, it } from 'vitest';
import { defaultSearchSpace, isActive, parseSearchSpace } from './search-space.js';
import { InvalidSpaceError, TuneError } from './tune-error.js';

function problem(input: unknown): InvalidSpaceError {
  try {
    parseSearchSpace(input, 'space.json');
  } catch (error) {
    expect(InvalidSpaceError.isInstance(error)).toBe(true);
    expect(TuneError.isInstance(error)).toBe(true);
    return error as InvalidSpaceError;
  }
  throw new Error('expected an InvalidSpaceError');
}

describe('parseSearchSpace', () => {
  it('accepts choice, int, float, log-float and conditions', () => {
    const space = parseSearchSpace({
      parameters: {
        optimizer: { type: 'choice', values: ['adam', 'sgd'] },
        learningRate: { type: 'log-float', low: 1e-4, high: 1e-2 },
        batchSize: { type: 'int', low: 32, high: 128, step: 32 },
        dropout: { type: 'float', low: 0, high: 0.5, when: { optimizer: 'sgd' } },
      },
    });
    expect(Object.keys(space.parameters)).toEqual(['optimizer', 'learningRate', 'batchSize', 'dropout']);
    const dropout = space.parameters.dropout!;
    expect(isActive(dropout, { optimizer: 'sgd' })).toBe(true);
    expect(isActive(dropout, { optimizer: 'adam' })).toBe(false);
  });

  it.each([
    [{ parameters: { momentumz: { type: 'float', low: 0, high: 1 } } }, 'momentumz', /unknown parameter/],
    [{ parameters: { optimizer: { type: 'choice', values: [] } } }, 'optimizer', /non-empty list/],
    [{ parameters: { learningRate: { type: 'log-float', low: 0.1, high: 0.01 } } }, 'learningRate', /"low" \(0.1\) is greater than "high" \(0.01\)/],
    [{ parameters: { learningRate: { type: 'log-float', low: 0, high: 0.01 } } }, 'learningRate', /positive number|low" > 0/],
    [{ parameters: { activation: { type: 'choice', values: ['relu', 'tanh'] } } }, 'activation', /"tanh" is not one of relu, elu, gelu, swish, silu/],
    [{ parameters: { batchSize: { type: 'float', low: 32, high: 64 } } }, 'batchSize', /integers/],
    [{ parameters: { optimizer: { type: 'int', low: 1, high: 2 } } }, 'optimizer', /named values/],
    [{ parameters: { dropout: { type: 'float', low: 0, high: 0.5, when: { optimizer: 'sgd' } } } }, 'dropout', /not a parameter listed before/],
    [{ parameters: { dropout: { type: 'float', low: 0, high: 0.5, grid: 3 } } }, 'dropout', /unknown key "grid"/],
    [{ parameters: { dropout: { type: 'uniform', low: 0, high: 0.5 } } }, 'dropout', /choice, int, float or log-float/],
    [{ parameters: { batchNorm: { type: 'choice', values: [true, true] } } }, 'batchNorm', /same value twice/],
  ])('rejects %j', (input, parameter, message) => {
    const error = problem(input);
    expect(error.parameter).toBe(parameter);
    expect(error.message).toMatch(message);
    expect(error.message).toContain('space.json');
  });

  it('rejects a space without parameters or with unknown keys', () => {
    expect(problem({}).message).toMatch(/"parameters"/);
    expect(problem({ parameters: {}, sampler: 'tpe' }).message).toMatch(/unknown top-level key "sampler"/);
    expect(problem([]).message).toMatch(/expected an object/);
  });

  it('has a valid default space for every model', () => {
    for (const model of MODEL_NAMES) {
      const space = defaultSearchSpace(model);
      expect(Object.keys(space.parameters)).toEqual(expect.arrayContaining(['learningRate', 'batchSize', 'activation', 'dropout', 'denseUnits', 'batchNorm']));
      expect(Object.hasOwn(space.parameters, 'filters')).toBe(model !== 'mlp');
    }
  });
});
