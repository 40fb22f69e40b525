/** Thrown when `CreateModelOptions` are malformed (non-integer seed, bad input shape or class count). */
export class InvalidModelOptionsError extends Error {
  override readonly name = 'InvalidModelOptionsError';
  readonly option: string;

  constructor(option: string, expected: string, found: unknown) {
    super(`Invalid model option "${option}": expected ${expected}, found ${JSON.stringify(found)}. Fix the option and retry.`);
    this.option = option;
  }
}
