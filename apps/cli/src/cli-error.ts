/** A failure already worded for the command line (flags, not library options); exits with code 1. */
export class CliError extends Error {
  override readonly name = 'CliError';
}
