/** Thrown by `createModel` when the name is not in the registry; `validNames` lists the accepted names. */
export class UnknownModelError extends Error {
  override readonly name = 'UnknownModelError';
  readonly requested: string;
  readonly validNames: readonly string[];

  constructor(requested: string, validNames: readonly string[]) {
    super(
      `Unknown model "${requested}": expected one of ${validNames.map((n) => `"${n}"`).join(', ')}. ` +
        'Pick one of these names (see listModels() for descriptions).',
    );
    this.requested = requested;
    this.validNames = validNames;
  }
}
