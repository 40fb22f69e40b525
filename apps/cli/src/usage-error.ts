/** The command line is wrong; the message names the flag and what it accepts. Exits with code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
  /** The flag or argument at fault, e.g. `--epochs`, when there is one. */
  readonly flag: string | undefined;

  constructor(message: string, flag?: string) {
    super(message);
    this.flag = flag;
  }
}
