/** A file the command must write (the report, its charts) cannot be written where it was asked to go. */
export class OutputNotWritableError extends Error {
  override name = 'OutputNotWritableError';
  constructor(
    /** The directory that cannot be written. */
    readonly dir: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}
