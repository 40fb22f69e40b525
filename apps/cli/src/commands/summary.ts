import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Command, CommandContext } from '../command.js';
import { EXIT_OK } from '../exit-codes.js';
import { parseCommandFlags } from '../parse-command-flags.js';
import { quietTfjs } from '../quiet-tfjs.js';
import { checkModelDir } from '../resolve-model-dir.js';
import { UsageError } from '../usage-error.js';

export const SUMMARY_HELP = `Usage: mnist summary <model> [--json]

Prints the Keras-style layer table (layer, output shape, parameters) of <model>: an architecture
name (mlp, cnn-small, cnn, cnn-bn, cnn-fast; see mnist models) or a model directory written by mnist train.

Flags:
  --json      { name, parameters, layers: [{ name, type, outputShape, parameters }] }
  -h, --help  this help

Examples:
  mnist summary cnn-fast
  mnist summary models/cnn-fast-20260101-120000
`;

const FLAGS = { json: { type: 'boolean' }, verbose: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } as const;

async function runSummary(args: string[], context: CommandContext): Promise<number> {
  const { values, positionals } = parseCommandFlags('summary', args, FLAGS);
  if (values.help) {
    context.stdout.write(SUMMARY_HELP);
    return EXIT_OK;
  }
  if (positionals.length !== 1) {
    throw new UsageError(
      `mnist summary expects one model (an architecture name or a model directory), got ${positionals.length === 0 ? 'none' : positionals.length}. Example: mnist summary cnn-small.`,
    );
  }
  const name = positionals[0]!;
  await quietTfjs();
  const { isModelName, MODEL_NAMES, createModel, summary } = await import('@mnist/models');
  const isPath = await stat(resolve(context.cwd, name)).then(
    () => true,
    () => false,
  );
  let model: import('@tensorflow/tfjs').LayersModel;
  if (isModelName(name) && !isPath) {
    model = createModel(name);
  } else if (isPath || /[\\/]/.test(name)) {
    const dir = await checkModelDir(name, context.cwd);
    const { loadModel } = await import('@mnist/train');
    model = await loadModel(dir);
  } else {
    throw new UsageError(
      `Unknown model ${JSON.stringify(name)}: expected an architecture (${MODEL_NAMES.join(', ')}) or a model directory. Run mnist models for the list.`,
      '<model>',
    );
  }
  try {
    if (values.json) {
      const layers = model.layers.map((layer) => ({
        name: layer.name,
        type: layer.getClassName(),
        outputShape: layer.outputShape,
        parameters: layer.countParams(),
      }));
      context.stdout.write(`${JSON.stringify({ name, parameters: model.countParams(), layers })}\n`);
    } else {
      context.stdout.write(`${summary(model)}\n`);
    }
  } finally {
    model.dispose();
  }
  return EXIT_OK;
}

/** `mnist summary <model>`: the layer table of an architecture or a saved model. */
export const summaryCommand: Command = {
  name: 'summary',
  summary: 'print the layer table of an architecture or a saved model',
  help: SUMMARY_HELP,
  run: runSummary,
};
