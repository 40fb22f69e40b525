import type { Command, CommandContext } from '../command.js';
import { EXIT_OK } from '../exit-codes.js';
import { DEFAULT_TERMINAL_COLUMNS, formatCount, formatWrappedTable } from '../format-table.js';
import { parseCommandFlags } from '../parse-command-flags.js';
import { quietTfjs } from '../quiet-tfjs.js';
import { UsageError } from '../usage-error.js';

export const MODELS_HELP = `Usage: mnist models [--json]

Lists the architectures mnist train can build, with their parameter counts, multiply-adds per image
and descriptions.

Flags:
  --json      one JSON array of { name, description, parameters, multiplyAdds }
  -h, --help  this help

Examples:
  mnist models
  mnist summary cnn-bn        # the layer table of one of them
  mnist train --model cnn-bn  # train it
`;

const FLAGS = { json: { type: 'boolean' }, verbose: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } as const;

async function runModels(args: string[], context: CommandContext): Promise<number> {
  const { values, positionals } = parseCommandFlags('models', args, FLAGS);
  if (values.help) {
    context.stdout.write(MODELS_HELP);
    return EXIT_OK;
  }
  if (positionals.length > 0) {
    throw new UsageError(`mnist models takes no arguments, got ${JSON.stringify(positionals[0])}. For one model's layers: mnist summary ${positionals[0]}.`);
  }
  await quietTfjs();
  const { listModels } = await import('@mnist/models');
  const models = listModels();
  if (values.json) {
    context.stdout.write(`${JSON.stringify(models)}\n`);
    return EXIT_OK;
  }
  // Fitted to the terminal (80 columns when it does not say, e.g. in a pipe): descriptions wrap.
  const table = formatWrappedTable(
    ['name', 'parameters', 'multiply-adds', 'description'],
    models.map((m) => [m.name, formatCount(m.parameters), formatCount(m.multiplyAdds), m.description]),
    ['left', 'right', 'right', 'left'],
    context.stdout.isTTY === true && context.stdout.columns !== undefined ? context.stdout.columns : DEFAULT_TERMINAL_COLUMNS,
  );
  context.stdout.write(`${table}\n\nmnist summary <name> shows the layers; mnist train --model <name> trains one.\n`);
  return EXIT_OK;
}

/** `mnist models`: the architecture registry. */
export const modelsCommand: Command = {
  name: 'models',
  summary: 'list the architectures with descriptions and parameter counts',
  help: MODELS_HELP,
  run: runModels,
};
