import type { Command, CommandContext } from './command.js';
import { CLI_VERSION } from './cli-version.js';
import { COMMANDS } from './commands/index.js';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE } from './exit-codes.js';
import { quietTfjs } from './quiet-tfjs.js';
import { inCliWords } from './cli-wording.js';
import { UsageError } from './usage-error.js';

/**
 * The real process streams and environment. When the reader of standard output goes away (`mnist … |
 * head`), later writes to it are dropped; a command that registered `onStdoutClosed` (train) carries on,
 * the others stop quietly as other command-line tools do.
 */
export function processContext(): CommandContext {
  let closed = false;
  let onClosed: (() => void) | undefined;
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    if (closed) return;
    closed = true;
    if (onClosed === undefined) process.exit(process.exitCode ?? EXIT_OK);
    onClosed();
  });
  const stdout = new Proxy(process.stdout, {
    get(target, property) {
      if (property === 'write') {
        return (chunk: string | Uint8Array, ...rest: unknown[]) =>
          closed ? true : (target.write as (c: string | Uint8Array, ...r: unknown[]) => boolean)(chunk, ...rest);
      }
      const value = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return {
    stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
    stdoutClosed: () => closed,
    onStdoutClosed: (handler) => {
      onClosed = handler;
    },
  };
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
    '  mnist finetune --from bundled --data my-digits --out models/mine  # adapt it to your handwriting',
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
  // Flags may come before the command too (`mnist --verbose predict x`, `mnist --json models`): they are
  // handed to the command as if written after its name.
  const firstWord = argv.findIndex((a) => !a.startsWith('-'));
  const leading = firstWord === -1 ? [...argv] : argv.slice(0, firstWord);
  const isTopLevel = (a: string) => ['--help', '-h', '--version', '-v'].includes(a);
  const name = firstWord === -1 || leading.some(isTopLevel) ? leading.find(isTopLevel) ?? argv[0] : argv[firstWord];
  const given = firstWord === -1 || leading.some(isTopLevel) ? argv.slice(1) : argv.slice(firstWord + 1);
  // `pnpm train -- --epochs 3` (and npm's `run ... --`) pass the separator on: drop it, or every
  // flag after it would read as an unexpected argument.
  const after = given[0] === '--' ? given.slice(1) : given;
  const rest = firstWord === -1 || leading.some(isTopLevel) ? after : [...leading, ...after];
  try {
    if (name === undefined || (firstWord === -1 && !leading.some(isTopLevel) && leading.every((a) => a === '--verbose'))) {
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
      const guess = closestCommand(name);
      throw new UsageError(
        `Unknown command ${JSON.stringify(name)}${guess === undefined ? '' : ` (did you mean ${guess}?)`}: expected one of ${COMMANDS.map((c) => c.name).join(', ')}. Run mnist --help.`,
      );
    }
    // train's own module leaves TensorFlow.js's "install tfjs-node" banner on (the cpu backend prints it on stderr).
    if (['train', 'finetune', 'tune'].includes(command.name) && !rest.some((a) => a === '--help' || a === '-h')) await quietTfjs();
    return await command.run(rest, context);
  } catch (thrown) {
    const error = inCliWords(thrown, { cwd: context.cwd });
    const usage = error instanceof UsageError;
    const message = error instanceof Error ? error.message : String(error);
    const prefix = `mnist${name && !name.startsWith('-') && COMMANDS.some((c) => c.name === name) ? ` ${name}` : ''}`;
    // "mnist summary: mnist summary expects …" reads twice: the prefix already names the command.
    const text = message.startsWith(`${prefix} `) ? message.slice(prefix.length + 1) : message;
    context.stderr.write(`${prefix}: ${text}\n`);
    // A usage error is about the command line, never about the code: no stack trace, even with --verbose.
    if (verbose && !usage && error instanceof Error && error.stack) context.stderr.write(`${error.stack}\n`);
    return usage ? EXIT_USAGE : EXIT_FAILURE;
  }
}

/** Edit distance (insertions, deletions, substitutions, adjacent swaps) between two short words. */
function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[a.length]![b.length]!;
}

/** The command a mistyped name most likely meant (`trian` → `train`), if one is close enough. */
export function closestCommand(name: string, commands: readonly Command[] = COMMANDS): string | undefined {
  const scored = commands.map((c) => ({ name: c.name, distance: c.name.startsWith(name) && name.length >= 2 ? 0 : editDistance(name, c.name) }));
  scored.sort((a, b) => a.distance - b.distance);
  const best = scored[0];
  return best !== undefined && best.distance <= Math.max(1, Math.floor(best.name.length / 3)) ? best.name : undefined;
}
