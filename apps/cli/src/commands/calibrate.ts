import type { Command, CommandContext } from '../command.js';
import { EXIT_OK } from '../exit-codes.js';
import { parseCommandFlags } from '../parse-command-flags.js';
import { quietTfjs } from '../quiet-tfjs.js';
import { checkModelDir } from '../resolve-model-dir.js';
import { fitModelCalibration, writeCalibration } from '../robustness/calibrate-model.js';
import { UsageError } from '../usage-error.js';

export const CALIBRATE_HELP = `Usage: mnist calibrate <model-dir> [--dry-run] [--json]

Makes a model's confidences honest: fits temperature scaling on the images its training run held out
(the validation split, rebuilt from metadata.json; never the test set), clean and through each
robustness transform, read through @mnist/infer with calibration off, and writes it into the
directory's metadata.json as "calibration". @mnist/infer applies it whenever it loads the model, and
mnist release refuses a model without it.

Needs a model trained with a validation split (--preset robust holds out 5%).

Flags:
  --dry-run   fit and print, write nothing
  --json      print the calibration as one JSON object
  -h, --help  this help

Example:
  mnist train --preset robust --out models/robust && mnist calibrate models/robust
`;

const FLAGS = {
  'dry-run': { type: 'boolean' },
  json: { type: 'boolean' },
  verbose: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

async function runCalibrate(args: string[], context: CommandContext): Promise<number> {
  const { values, positionals } = parseCommandFlags('calibrate', args, FLAGS);
  if (values.help) {
    context.stdout.write(CALIBRATE_HELP);
    return EXIT_OK;
  }
  if (positionals.length !== 1) {
    throw new UsageError(`mnist calibrate expects one model directory, got ${positionals.length === 0 ? 'none' : positionals.length}. Example: mnist calibrate models/robust.`);
  }
  const dir = await checkModelDir(positionals[0]!, context.cwd);
  await quietTfjs();
  const progress = values.json ? context.stderr : context.stdout;
  progress.write(`Fitting the calibration of ${positionals[0]} on its held-out validation images\n`);
  const calibration = await fitModelCalibration(dir, (line) => progress.write(`${line}\n`));
  if (!values['dry-run']) await writeCalibration(dir, calibration);
  if (values.json) context.stdout.write(`${JSON.stringify(calibration)}\n`);
  else {
    context.stdout.write(
      `  temperature ${calibration.temperature.toFixed(4)} on ${calibration.images} images: ` +
        `NLL ${calibration.nllBefore.toFixed(4)} -> ${calibration.nllAfter.toFixed(4)}, ECE ${(calibration.eceBefore * 100).toFixed(2)}% -> ${(calibration.eceAfter * 100).toFixed(2)}%\n` +
        (values['dry-run'] ? '  dry run: metadata.json unchanged\n' : `  written to ${positionals[0]}/metadata.json\n`),
    );
  }
  return EXIT_OK;
}

/** `mnist calibrate <model-dir>`: fit temperature scaling on held-out images. */
export const calibrateCommand: Command = {
  name: 'calibrate',
  summary: 'fit the confidence calibration of a trained model on its held-out images',
  help: CALIBRATE_HELP,
  run: runCalibrate,
};
