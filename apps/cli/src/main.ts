import type { Command, CommandContext } from './command.js';
import { CLI_VERSION } from './cli-version.js';
import { COMMANDS } from './commands/index.js';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE } from './exit-codes.js';
import { quietTfjs } from './quiet-tfjs.js';
import { UsageError } from './usage-error.js';

/** The real process streams and environment. */
export function processContext(): CommandContext {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() };
}

/** `mnist --help`: the commands and global flags. */
export function mainHelp(commands: readonly Command[] = COMMANDS): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  const lines = commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return [
    'Usage: mnist <command> [flags]',
    '',
    'Commands:',
    ...lines,
    '',
    'Flags:',
    '  -h, --help     show help (mnist <command> --help for a command)',
    '  -v, --version  print the version',
    '      --verbose  print stack traces of errors',
    '',
    'Examples:',
    '  mnist train --preset fast          # train a CNN on the bundled MNIST, evaluate and save it',
    '  mnist evaluate --model-dir models/cnn-small-20260101-120000',
    '  mnist predict digit.png photo.jpg  # recognise digits in images',
    '  mnist read number.jpg              # read a multi-digit number',
    '  mnist report models/cnn-small-20260101-120000',
    '',
    'Exit codes: 0 ok, 1 failure, 2 usage error.',
    '',
  ].join('\n');
}

/**
 * Runs `mnist <argv>` and resolves with the process exit code: 0 ok, 1 failure, 2 usage error
 * (130 after Ctrl-C). Errors print one clear message; stack traces only with `--verbose`.
 */
export async function main(argv: readonly string[], context: CommandContext = processContext()): Promise<number> {
  const verbose = argv.includes('--verbose');
  const [name, ...given] = argv;
  // `pnpm train -- --epochs 3` (and npm's `run ... --`) pass the separator on: drop it, or every
  // flag after it would read as an unexpected argument.
  const rest = given[0] === '--' ? given.slice(1) : given;
  try {
    if (name === undefined) {
      context.stderr.write(mainHelp());
      return EXIT_USAGE;
    }
    if (name === '--help' || name === '-h' || name === 'help') {
      context.stdout.write(mainHelp());
      return EXIT_OK;
    }
    if (name === '--version' || name === '-v') {
      context.stdout.write(`${CLI_VERSION}\n`);
      return EXIT_OK;
    }
    const command = COMMANDS.find((c) => c.name === name);
    if (!command) {
      throw new UsageError(
        `Unknown command ${JSON.stringify(name)}: expected one of ${COMMANDS.map((c) => c.name).join(', ')}. Run mnist --help.`,
      );
    }
    // train's own module leaves TensorFlow.js's "install tfjs-node" banner on (the cpu backend prints it on stderr).
    if ((command.name === 'train' || command.name === 'tune') && !rest.some((a) => a === '--help' || a === '-h')) await quietTfjs();
    return await command.run(rest, context);
  } catch (error) {
    const usage = error instanceof UsageError;
    const message = error instanceof Error ? error.message : String(error);
    context.stderr.write(`mnist${name && !name.startsWith('-') ? ` ${name}` : ''}: ${message}\n`);
    if (verbose && error instanceof Error && error.stack) context.stderr.write(`${error.stack}\n`);
    return usage ? EXIT_USAGE : EXIT_FAILURE;
  }
}
