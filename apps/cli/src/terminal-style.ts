import type { CommandContext } from './command.js';

const ANSI = {
  bold: '\u001b[1m',
  dim: '\u001b[2m',
  red: '\u001b[31m',
  green: '\u001b[32m',
  yellow: '\u001b[33m',
  cyan: '\u001b[36m',
} as const;
const RESET = '\u001b[0m';

/** A colour name `TerminalStyle.paint` knows. */
export type StyleName = keyof typeof ANSI;

/** Paints text with ANSI colours, or leaves it alone when colour is off. */
export interface TerminalStyle {
  /** Whether colours are on. */
  readonly color: boolean;
  paint(name: StyleName, text: string): string;
}

/** Colour is on only when stdout is a terminal and `NO_COLOR` is unset (https://no-color.org). */
export function colorEnabled(context: Pick<CommandContext, 'stdout' | 'env'>): boolean {
  return context.stdout.isTTY === true && !context.env.NO_COLOR;
}

/** A `TerminalStyle` for the command's stdout. */
export function terminalStyle(context: Pick<CommandContext, 'stdout' | 'env'>): TerminalStyle {
  const color = colorEnabled(context);
  return { color, paint: (name, text) => (color ? `${ANSI[name]}${text}${RESET}` : text) };
}
