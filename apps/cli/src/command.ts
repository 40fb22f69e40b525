/** Where a command writes, and what it knows about the terminal. Injectable for tests. */
export interface CommandContext {
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  /** Standard input, for `-` arguments (default: the process's). */
  stdin?: NodeJS.ReadableStream;
  env: NodeJS.ProcessEnv;
  /** Working directory for relative paths. */
  cwd: string;
  /** True once standard output was closed by its reader (`mnist … | head`); writes to it are then dropped. */
  stdoutClosed?: () => boolean;
  /** Registers what to do when standard output is closed by its reader (default: stop quietly). */
  onStdoutClosed?: (handler: () => void) => void;
}

/** One `mnist <name>` subcommand. Add a file under `commands/` and list it in `commands/index.ts`. */
export interface Command {
  name: string;
  /** One line for `mnist --help`. */
  summary: string;
  /** Full help text for `mnist <name> --help`. */
  help: string;
  /** Runs the command with the arguments after its name; resolves with the exit code. */
  run(args: string[], context: CommandContext): Promise<number>;
}
