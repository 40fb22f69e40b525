import type { Command, CommandContext } from '../command.js';
import { EXIT_FAILURE, EXIT_OK } from '../exit-codes.js';
import { formatCount } from '../format-table.js';
import { DATASET_CHOICES, loadDataset } from '../load-dataset.js';
import { parseChoiceFlag, parseCommandFlags } from '../parse-command-flags.js';
import { renderDigitTerminal } from '../render-digit-terminal.js';
import { terminalStyle } from '../terminal-style.js';
import { UsageError } from '../usage-error.js';

/** Width of the longest bar of the class histogram, in characters. */
const HISTOGRAM_BAR_CELLS = 30;
const SPLITS = ['train', 'test'] as const;

export const DATA_HELP = `Usage: mnist data info [--dataset <name>] [--data-dir <dir>] [--json]
       mnist data show <index> [--split test|train] [--dataset <name>] [--data-dir <dir>] [--json]

info   where the dataset comes from, image and class counts, a class histogram, and the SHA-256
       checksums of the four files (verified on every load)
show   draws image <index> of a split in the terminal (grey half blocks, or characters when colour
       is off) with its label

Flags:
  --dataset <name>    mnist (default) | fashion-mnist
  --data-dir <dir>    read the four IDX files (raw or .gz) from <dir> instead of the bundled dataset
  --split <name>      show: test (default) | train
  --json              machine-readable output
  --verbose           print stack traces of errors
  -h, --help          this help

Examples:
  mnist data info
  mnist data info --dataset fashion-mnist --json
  mnist data show 0                 # the first test digit, a 7
  mnist data show 59999 --split train
`;

const FLAGS = {
  dataset: { type: 'string' },
  'data-dir': { type: 'string' },
  split: { type: 'string' },
  json: { type: 'boolean' },
  verbose: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

function histogram(labels: Uint8Array, count: number, classes: number): number[] {
  const counts = new Array<number>(classes).fill(0);
  for (let i = 0; i < count; i++) counts[labels[i]!] = (counts[labels[i]!] ?? 0) + 1;
  return counts;
}

async function runData(args: string[], context: CommandContext): Promise<number> {
  const { values, positionals } = parseCommandFlags('data', args, FLAGS);
  if (values.help) {
    context.stdout.write(DATA_HELP);
    return EXIT_OK;
  }
  const [sub, ...rest] = positionals;
  if (sub !== 'info' && sub !== 'show') {
    throw new UsageError(
      `${sub === undefined ? 'Missing subcommand' : `Unknown subcommand ${JSON.stringify(sub)}`}: expected mnist data info or mnist data show <index>. Run mnist data --help.`,
    );
  }
  const dataset = parseChoiceFlag('--dataset', values.dataset, DATASET_CHOICES) ?? 'mnist';
  const split = parseChoiceFlag('--split', values.split, SPLITS) ?? 'test';
  if (sub === 'info') {
    if (rest.length > 0 || values.split !== undefined) {
      throw new UsageError(`mnist data info takes no ${rest.length > 0 ? `argument ${JSON.stringify(rest[0])}` : '--split'}. Run mnist data --help.`);
    }
    return dataInfo({ dataset, dataDir: values['data-dir'], json: values.json === true }, context);
  }
  if (rest.length !== 1) {
    throw new UsageError(`mnist data show expects one image index, got ${rest.length === 0 ? 'none' : rest.length}. Example: mnist data show 0.`);
  }
  const raw = rest[0]!;
  const index = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isSafeInteger(index)) throw new UsageError(`<index> expects a non-negative integer, got ${JSON.stringify(raw)}.`, '<index>');
  const data = await loadDataset({ dataset, dataDir: values['data-dir'] }, context);
  const part = data[split];
  if (index >= part.count) {
    throw new UsageError(`<index> ${index} is out of range: the ${split} split has images 0..${part.count - 1}.`, '<index>');
  }
  const pixels = data.rows * data.cols;
  const image = part.images.subarray(index * pixels, (index + 1) * pixels);
  const label = part.labels[index]!;
  const className = data.classNames[label] ?? String(label);
  if (values.json) {
    context.stdout.write(
      `${JSON.stringify({ dataset, split, index, label, className, rows: data.rows, cols: data.cols, pixels: Array.from(image) })}\n`,
    );
    return EXIT_OK;
  }
  const style = terminalStyle(context);
  context.stdout.write(`${style.paint('bold', `${dataset} ${split} #${index}: label ${label}${className === String(label) ? '' : ` (${className})`}`)}\n`);
  context.stdout.write(renderDigitTerminal(image, data.rows, data.cols, { color: style.color }));
  return EXIT_OK;
}

async function dataInfo(options: { dataset: (typeof DATASET_CHOICES)[number]; dataDir: string | undefined; json: boolean }, context: CommandContext) {
  const { DATASETS } = await import('@mnist/data');
  const data = await loadDataset({ dataset: options.dataset, dataDir: options.dataDir }, context);
  const info = DATASETS[options.dataset];
  const classes = data.classNames.length;
  const counts = { train: histogram(data.train.labels, data.train.count, classes), test: histogram(data.test.labels, data.test.count, classes) };
  const expected = info.classCounts;
  const countsMatch = SPLITS.every((s) => counts[s].every((n, k) => n === expected[s][k]));
  const files = Object.entries(info.sha256).map(([file, sha256]) => ({ file, sha256, bytes: info.bytes?.[file] }));
  if (options.json) {
    context.stdout.write(
      `${JSON.stringify({
        dataset: data.dataset,
        source: data.source,
        rows: data.rows,
        cols: data.cols,
        counts: { train: data.train.count, test: data.test.count },
        classNames: data.classNames,
        classCounts: counts,
        classCountsMatchReference: countsMatch,
        checksumsVerified: true,
        files,
      })}\n`,
    );
    return countsMatch ? EXIT_OK : EXIT_FAILURE;
  }
  const style = terminalStyle(context);
  const out: string[] = [];
  out.push(style.paint('bold', `Dataset: ${data.dataset}`));
  out.push(`Source:  ${data.source}`);
  out.push(`Images:  ${data.rows}x${data.cols} grey, ${formatCount(data.train.count)} train, ${formatCount(data.test.count)} test`);
  out.push(`Checksums: SHA-256 of all ${files.length} files ${style.paint('green', 'verified')}`);
  const nameWidth = Math.max(...files.map((f) => f.file.length));
  for (const f of files) {
    out.push(`  ${f.file.padEnd(nameWidth)}  ${f.sha256}${f.bytes === undefined ? '' : `  ${formatCount(f.bytes)} bytes`}`);
  }
  out.push('', 'Class histogram (train, test):');
  const max = Math.max(...counts.train);
  const labelWidth = Math.max(...data.classNames.map((n) => n.length));
  data.classNames.forEach((name, k) => {
    const train = counts.train[k] ?? 0;
    const bar = '#'.repeat(Math.max(1, Math.round((train / max) * HISTOGRAM_BAR_CELLS)));
    out.push(`  ${name.padEnd(labelWidth)}  ${formatCount(train).padStart(6)}  ${formatCount(counts.test[k] ?? 0).padStart(6)}  ${style.paint('cyan', bar)}`);
  });
  out.push(
    countsMatch
      ? `Class counts match the published ${data.dataset} counts.`
      : style.paint('red', `Class counts differ from the published ${data.dataset} counts: check the files in ${data.source}.`),
  );
  context.stdout.write(`${out.join('\n')}\n`);
  return countsMatch ? EXIT_OK : EXIT_FAILURE;
}

/** `mnist data info` / `mnist data show <index>`. */
export const dataCommand: Command = {
  name: 'data',
  summary: 'data info: source, counts, histogram, checksums; data show <index>: draw a digit',
  help: DATA_HELP,
  run: runData,
};
