import type { Command, CommandContext } from '../command.js';
import { EXIT_FAILURE, EXIT_OK } from '../exit-codes.js';
import { flattenIllumination } from '../flatten-illumination.js';
import { formatPercent } from '../format-table.js';
import { loadCliRecognizer, RECOGNIZER_BACKENDS } from '../load-cli-recognizer.js';
import { parseChoiceFlag, parseCommandFlags } from '../parse-command-flags.js';
import { readImageFile } from '../read-image-file.js';
import { checkModelDir } from '../resolve-model-dir.js';
import { terminalStyle } from '../terminal-style.js';
import { UsageError } from '../usage-error.js';

export const READ_HELP = `Usage: mnist read <image> [--model-dir <dir>] [--json]

Reads a handwritten number (a row of digits, left to right) from a PNG, JPEG or PGM image: each
digit is found, normalised like MNIST and recognised. Prints the number, then each digit with its
confidence and where it is in the image.

Flags:
  --model-dir <dir>   model directory written by mnist train (default: the model bundled with @mnist/infer)
  --backend <name>    tensorflow | wasm | cpu (default: the fastest that loads)
  --json              { file, text, digits: [{ digit, confidence, box: { x, y, width, height } }] }
  --verbose           print stack traces of errors
  -h, --help          this help

An image with no ink prints "no digits found" and exits with code 1.

Examples:
  mnist read cheque-amount.jpg
  mnist read year.png --json
`;

const FLAGS = {
  'model-dir': { type: 'string' },
  backend: { type: 'string' },
  json: { type: 'boolean' },
  verbose: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

async function runRead(args: string[], context: CommandContext): Promise<number> {
  const { values, positionals } = parseCommandFlags('read', args, FLAGS);
  if (values.help) {
    context.stdout.write(READ_HELP);
    return EXIT_OK;
  }
  if (positionals.length !== 1) {
    throw new UsageError(
      `mnist read expects one image file, got ${positionals.length === 0 ? 'none' : positionals.length}. To recognise single digits in many files use mnist predict.`,
      '<image>',
    );
  }
  const file = positionals[0]!;
  const backend = parseChoiceFlag('--backend', values.backend, RECOGNIZER_BACKENDS);
  const modelDir = values['model-dir'] === undefined ? undefined : await checkModelDir(values['model-dir'], context.cwd);
  const image = flattenIllumination(await readImageFile(file, context.cwd));
  const recognizer = await loadCliRecognizer(modelDir, backend);
  let reading: Awaited<ReturnType<typeof recognizer.readDigits>>;
  try {
    reading = await recognizer.readDigits(image);
  } finally {
    recognizer.dispose();
  }
  const digits = reading.digits.map((d) => ({ digit: d.digit, confidence: d.confidence, box: d.box }));
  if (values.json) {
    context.stdout.write(`${JSON.stringify({ file, text: reading.text, digits })}\n`);
  } else if (digits.length > 0) {
    const style = terminalStyle(context);
    context.stdout.write(`${style.paint('bold', reading.text)}\n`);
    for (const d of digits) {
      const b = d.box;
      context.stdout.write(`  ${d.digit}  ${formatPercent(d.confidence, 1).padStart(6)}  at x=${b.x} y=${b.y} ${b.width}x${b.height}\n`);
    }
  }
  if (digits.length === 0) {
    context.stderr.write(`mnist read: no digits found in ${file}: the image is blank or has too little contrast. Check it shows dark digits on light paper (or light on dark).\n`);
    return EXIT_FAILURE;
  }
  return EXIT_OK;
}

/** `mnist read <image>`: a multi-digit number. */
export const readCommand: Command = {
  name: 'read',
  summary: 'read a handwritten number (several digits in a row) from an image',
  help: READ_HELP,
  run: runRead,
};
