import { type ParseArgsConfig, parseArgs } from 'node:util';
import { UsageError } from './usage-error.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * `util.parseArgs` for one command, strict, with errors turned into a `UsageError` (exit 2) that ends
 * with where to find the flags (`Run mnist <command> --help`).
 */
export function parseCommandFlags<const O extends Options>(
  command: string,
  args: string[],
  options: O,
): ReturnType<typeof parseArgs<{ args: string[]; options: O; strict: true; allowPositionals: true }>> {
  try {
    return parseArgs({ args: attachNegativeValues(args, options), options, strict: true, allowPositionals: true });
  } catch (error) {
    throw new UsageError(`${describeParseError(error, options)} Run mnist ${command} --help for the flags.`);
  }
}

/**
 * `--batch-size -3` reads to the parser as a flag `-3`; it is the value of `--batch-size` (rejected later
 * with the same message as `--batch-size=-3`), so it is attached as `--batch-size=-3`.
 */
function attachNegativeValues(args: readonly string[], options: Options): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const next = args[i + 1];
    if (arg === '--') {
      out.push(...args.slice(i));
      break;
    }
    const long = arg.startsWith('--') ? arg.slice(2) : Object.entries(options).find(([, spec]) => arg === `-${spec.short}`)?.[0];
    if (long !== undefined && options[long]?.type === 'string' && next !== undefined && /^-\.?\d/.test(next)) {
      out.push(`--${long}=${next}`);
      i++;
      continue;
    }
    out.push(arg);
  }
  return out;
}

/** `util.parseArgs`'s message, rewritten where it speaks to programmers rather than to command-line users. */
function describeParseError(error: unknown, options: Options): string {
  const message = error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
  const missing = /^Option '(-\w, )?(--[\w-]+) <value>' argument missing/.exec(message);
  if (missing !== null) return `${missing[2]} expects a value (${missing[2]} <value>), got none.`;
  const ambiguous = /^Option '(-\w, )?(--[\w-]+)' argument is ambiguous/.exec(message);
  if (ambiguous !== null) {
    return `${ambiguous[2]} expects a value, got another flag after it. Give the value right after the flag (${ambiguous[2]} <value>); a value starting with a dash goes as ${ambiguous[2]}=<value>.`;
  }
  const noValue = /^Option '(--[\w-]+)' does not take an argument/.exec(message);
  if (noValue !== null) return `${noValue[1]} takes no value.`;
  const unknown = (error as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' ? /^Unknown option '([^']+)'/.exec(message) : null;
  if (unknown === null) return message.endsWith('.') ? message : `${message}.`;
  const flag = unknown[1]!;
  if (/^-\.?\d/.test(flag)) return `${flag} is not a valid value here: numbers must not be negative.`;
  const known = Object.keys(options).map((name) => `--${name}`);
  const bare = flag.replace(/^-+/, '').split('=')[0]!;
  const close = known.find((k) => k.slice(2).startsWith(bare) || bare.startsWith(k.slice(2)));
  return `Unknown flag ${flag}${close === undefined ? '' : ` (did you mean ${close}?)`}; expected one of ${known.join(', ')}.`;
}

/** Parses a non-negative (or positive) integer flag value, or throws a `UsageError` naming the flag. */
export function parseIntegerFlag(flag: string, value: string | undefined, { min = 1 }: { min?: number } = {}): number | undefined {
  if (value === undefined) return undefined;
  const n = /^\d+$/.test(value.trim()) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < min) {
    const what = min <= 0 ? 'a non-negative integer' : min === 1 ? 'a positive integer' : `an integer >= ${min}`;
    throw new UsageError(`${flag} expects ${what}, got ${JSON.stringify(value)}.`, flag);
  }
  return n;
}

/** Checks that `value` is one of `allowed`, or throws a `UsageError` naming the flag and the choices. */
export function parseChoiceFlag<T extends string>(flag: string, value: string | undefined, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) {
    throw new UsageError(`${flag} expects one of ${allowed.join(', ')}, got ${JSON.stringify(value)}.`, flag);
  }
  return value as T;
}
