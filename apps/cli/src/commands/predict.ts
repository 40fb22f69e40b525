import type { Command, CommandContext } from '../command.js';
import { type DecodedImage, decodeImage } from '../decode-image.js';
import { EXIT_FAILURE, EXIT_OK } from '../exit-codes.js';
import { flattenIllumination } from '../flatten-illumination.js';
import { formatPercent } from '../format-table.js';
import { ImageError, UnreadableImageError } from '../image-errors.js';
import { loadCliRecognizer, RECOGNIZER_BACKENDS } from '../load-cli-recognizer.js';
import { parseChoiceFlag, parseCommandFlags, parseIntegerFlag } from '../parse-command-flags.js';
import { readImageFile } from '../read-image-file.js';
import { checkModelDir } from '../resolve-model-dir.js';
import { terminalStyle } from '../terminal-style.js';
import { UsageError } from '../usage-error.js';

/** Below this confidence, predict checks whether the image holds several digits (a number for mnist read). */
const SURE_CONFIDENCE = 0.9;

/** Reads all of standard input as one image (`mnist predict -`). */
async function readStandardInput(context: CommandContext): Promise<DecodedImage> {
  const stdin = context.stdin ?? process.stdin;
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string));
  const bytes = Buffer.concat(chunks);
  if (bytes.length === 0) throw new UnreadableImageError('-', '- (standard input) is empty: pipe an image into mnist predict -, e.g. mnist predict - < digit.png.');
  return decodeImage(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), '-');
}

/** How many ranked guesses predict prints per image unless --top says otherwise. */
export const DEFAULT_TOP_K = 3;
const DIGIT_CLASSES = 10;

export const PREDICT_HELP = `Usage: mnist predict <image...|-> [--model-dir <dir>] [--json]

Recognises the handwritten digit in each image: PNG, JPEG or PGM (P2/P5) of any size, including
photos and scans (dark ink on light paper or light on dark). Each image is cropped, scaled and
centred the way MNIST's digits were before the model sees it. Prints the digit, its confidence and
the top 3.

Flags:
  --model-dir <dir>   model directory written by mnist train (default: the model bundled with @mnist/infer)
  --top <n>           how many ranked guesses to show (default ${DEFAULT_TOP_K}, at most ${DIGIT_CLASSES})
  --backend <name>    tensorflow | wasm | cpu (default: the fastest that loads)
  --json              one JSON array: [{ file, digit, confidence, top: [{ digit, probability }], reason?, error? }]
  --verbose           print stack traces of errors
  -h, --help          this help

An image with no digit (blank or uniform) prints "no digit found", and one that looks like several
digits says so and suggests mnist read; both make the exit code 1, as does a file that cannot be read
or decoded. The other images are still recognised; results and errors come in the order of the
arguments. Pass - to read one image from standard input (mnist predict - < digit.png).

Examples:
  mnist predict seven.png
  mnist predict scans/*.jpg --model-dir models/cnn-bn-20260101-120000
  mnist predict photo.jpg --json
`;

const FLAGS = {
  'model-dir': { type: 'string' },
  top: { type: 'string' },
  backend: { type: 'string' },
  json: { type: 'boolean' },
  verbose: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** One line of `mnist predict --json`. */
export interface PredictRecord {
  file: string;
  digit: number | null;
  confidence: number;
  top: { digit: number; probability: number }[];
  reason?: string;
  error?: string;
}

async function runPredict(args: string[], context: CommandContext): Promise<number> {
  const { values, positionals } = parseCommandFlags('predict', args, FLAGS);
  if (values.help) {
    context.stdout.write(PREDICT_HELP);
    return EXIT_OK;
  }
  if (positionals.length === 0) throw new UsageError('mnist predict expects at least one image file. Example: mnist predict digit.png.', '<image>');
  const top = parseIntegerFlag('--top', values.top) ?? DEFAULT_TOP_K;
  if (top > DIGIT_CLASSES) throw new UsageError(`--top expects at most ${DIGIT_CLASSES}, got ${top}.`, '--top');
  const backend = parseChoiceFlag('--backend', values.backend, RECOGNIZER_BACKENDS);
  const modelDir = values['model-dir'] === undefined ? undefined : await checkModelDir(values['model-dir'], context.cwd);

  const style = terminalStyle(context);
  const records: PredictRecord[] = [];
  const images: { index: number; image: DecodedImage }[] = [];
  if (positionals.filter((p) => p === '-').length > 1) throw new UsageError('mnist predict reads standard input once: pass - at most once.', '-');
  for (const file of positionals) {
    try {
      const image = file === '-' ? await readStandardInput(context) : await readImageFile(file, context.cwd);
      images.push({ index: records.length, image: flattenIllumination(image) });
      records.push({ file, digit: null, confidence: 0, top: [] });
    } catch (error) {
      if (!(error instanceof ImageError)) throw error;
      records.push({ file, digit: null, confidence: 0, top: [], error: error.message });
    }
  }
  if (images.length > 0) {
    const recognizer = await loadCliRecognizer(modelDir, backend);
    try {
      const results = await recognizer.classifyBatch(images.map((i) => i.image));
      // A doubtful answer may be a number, not a digit: read the image as a row of digits to tell.
      const severalDigits = await Promise.all(
        results.map(async (result, k) => {
          if (result.digit !== null && result.confidence >= SURE_CONFIDENCE) return undefined;
          const reading = await recognizer.readDigits(images[k]!.image);
          return reading.digits.length >= 2 ? reading.text : undefined;
        }),
      );
      results.forEach((result, k) => {
        const several = severalDigits[k];
        if (several !== undefined) {
          const record = records[images[k]!.index]!;
          record.reason = `it looks like several digits (${JSON.stringify(several)}): use mnist read ${record.file === '-' ? '<image>' : record.file}`;
          return;
        }
        const record = records[images[k]!.index]!;
        record.digit = result.digit;
        record.confidence = result.confidence;
        if (result.digit === null) {
          record.reason = result.reason ?? 'no digit found';
          return;
        }
        record.top = result.probabilities
          .map((probability, digit) => ({ digit, probability }))
          .sort((a, b) => b.probability - a.probability)
          .slice(0, top);
      });
    } finally {
      recognizer.dispose();
    }
  }
  if (values.json) {
    for (const r of records) if (r.error !== undefined) context.stderr.write(`mnist predict: ${r.error}\n`);
    context.stdout.write(`${JSON.stringify(records)}\n`);
  } else {
    const width = Math.max(...records.filter((r) => r.error === undefined).map((r) => r.file.length), 0);
    // Results and errors in the order of the arguments.
    for (const r of records) {
      if (r.error !== undefined) {
        context.stderr.write(`mnist predict: ${r.error}\n`);
        continue;
      }
      if (r.digit === null) {
        const text = r.reason?.startsWith('it looks like several digits') ? `not one digit: ${r.reason}` : `no digit found (${r.reason})`;
        context.stdout.write(`${r.file.padEnd(width)}  ${style.paint('yellow', text)}\n`);
        continue;
      }
      const guesses = r.top.map((t) => `${t.digit} ${formatPercent(t.probability, 1)}`).join(', ');
      context.stdout.write(
        `${r.file.padEnd(width)}  ${style.paint('bold', String(r.digit))}  ${formatPercent(r.confidence, 1).padStart(6)}   top ${top}: ${guesses}\n`,
      );
    }
  }
  const unreadable = records.filter((r) => r.error !== undefined).length;
  const noDigit = records.filter((r) => r.error === undefined && r.digit === null).length;
  if (unreadable + noDigit > 0 && records.length > 1) {
    const parts = [
      noDigit > 0 ? `${noDigit} of ${records.length - unreadable} ${records.length - unreadable === 1 ? 'image' : 'images'} gave no single digit` : '',
      unreadable > 0 ? `${unreadable} ${unreadable === 1 ? 'file' : 'files'} could not be read` : '',
    ].filter(Boolean);
    context.stderr.write(`mnist predict: ${parts.join('; ')}.\n`);
  }
  return unreadable + noDigit > 0 ? EXIT_FAILURE : EXIT_OK;
}

/** `mnist predict <image...>`: the digit in each image. */
export const predictCommand: Command = {
  name: 'predict',
  summary: 'recognise the digit in PNG, JPEG or PGM images (photos and scans too)',
  help: PREDICT_HELP,
  run: runPredict,
};
