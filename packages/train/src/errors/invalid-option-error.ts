import { TrainError } from './train-error.js';

/** A `train()` option (or CLI flag) has a value outside what is allowed. */
export class InvalidOptionError extends TrainError {
  override name = 'InvalidOptionError';
  /** The option name, e.g. `batchSize`. */
  readonly option: string;
  /** The value that was given. */
  readonly value: unknown;
  /** What is allowed, in words, e.g. `a positive integer`. */
  readonly allowed: string;

  constructor(option: string, value: unknown, allowed: string) {
    super(`Invalid option ${option}: expected ${allowed}, got ${describeValue(value)}.`);
    this.option = option;
    this.value = value;
    this.allowed = allowed;
  }
}

function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value == null) return String(value);
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
