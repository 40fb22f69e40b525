import { createHash } from 'node:crypto';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { saveModel } from '@mnist/train';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runCli } from './run-cli.js';

// A release measures the candidate through the API and the robustness suites (a dry run too): 15-30 s per
// test on an idle 2-core machine, several times that on a loaded one.
vi.setConfig({ testTimeout: 300_000 });

/** The real repository: only read (its @mnist/infer files are copied; its node_modules linked). */
const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const REAL_INFER = join(REPO, 'packages', 'infer');

let root: string;
let candidate: string;
let wideCandidate: string;

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/**
 * A throw-away repository holding a copy of @mnist/infer's model files, bundle script and package.json
 * (node_modules linked to the real ones), with the shipped model's accuracy set to `shippedAccuracy`
 * so that small test models can pass or fail the gate.
 */
async function repoCopy(shippedAccuracy: number): Promise<string> {
  const dir = await mkdtemp(join(root, 'repo-'));
  const infer = join(dir, 'packages', 'infer');
  await mkdir(join(infer, 'src'), { recursive: true });
  await mkdir(join(dir, '.changeset'));
  await writeFile(join(dir, 'pnpm-workspace.yaml'), 'packages:\n  - packages/*\n');
  await writeFile(join(dir, '.changeset', 'infer-first.md'), '---\n"@mnist/infer": minor\n---\n\nFirst release.\n');
  await cp(join(REAL_INFER, 'package.json'), join(infer, 'package.json'));
  await cp(join(REAL_INFER, 'scripts'), join(infer, 'scripts'), { recursive: true });
  await cp(join(REAL_INFER, 'src', 'model'), join(infer, 'src', 'model'), { recursive: true });
  await symlink(join(REAL_INFER, 'node_modules'), join(infer, 'node_modules'), 'dir');
  const manifestPath = join(infer, 'src', 'model', 'manifest.json');
  const manifest = JSON.parse(await readFile(manifestPath, 'utf8'));
  manifest.metrics = { ...manifest.metrics, testAccuracy: shippedAccuracy, bundledTestAccuracy: shippedAccuracy };
  await writeFile(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
  return dir;
}

/** SHA-256 of every file below `dir` (symlinks skipped), keyed by relative path. */
async function snapshot(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    out[relative(dir, path)] = sha256(await readFile(path));
  }
  return out;
}

async function copyCandidate(from: string): Promise<string> {
  const dir = await mkdtemp(join(root, 'candidate-'));
  await cp(from, dir, { recursive: true });
  return dir;
}

async function writeChecksums(dir: string): Promise<void> {
  const lines: string[] = [];
  for (const name of (await readdir(dir)).sort()) lines.push(`${sha256(await readFile(join(dir, name)))}  ${name}`);
  await writeFile(join(dir, 'SHA256SUMS'), `${lines.join('\n')}\n`);
}

// A few suite images keep the robustness tables quick; an MLP trained on 400 images cannot reach a 1% calibration error.
const release = (args: string[], repo: string) =>
  runCli(['release', ...args, '--repo-root', repo, '--backend', 'wasm', '--suite-limit', '30', '--max-ece', '100']).done;

/** Adds a calibration to a model directory's metadata.json by hand (for candidates without held-out images). */
async function addCalibration(dir: string, temperature: number): Promise<void> {
  const path = join(dir, 'metadata.json');
  const metadata = JSON.parse(await readFile(path, 'utf8').catch(() => '{}'));
  await writeFile(path, JSON.stringify({ ...metadata, calibration: { method: 'temperature', temperature } }));
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'mnist-release-test-'));
  candidate = join(root, 'mlp');
  // A real `mnist train` output: an MLP trained for one epoch on 500 images (about 60% accurate).
  const trained = await runCli([
    'train',
    '--model',
    'mlp',
    '--backend',
    'cpu',
    '--limit',
    '500',
    '--epochs',
    '1',
    '--validation-split',
    '0.2',
    '--test-limit',
    '100',
    '--out',
    candidate,
  ]).done;
  expect(trained.code, trained.stderr).toBe(0);
  // Its calibration, fitted on the 100 images the run held out.
  const calibrated = await runCli(['calibrate', candidate, '--json']).done;
  expect(calibrated.code, calibrated.stderr).toBe(0);
  expect(JSON.parse(calibrated.stdout)).toMatchObject({ method: 'temperature', fittedOn: expect.stringContaining('held out') });
  // A model with another input signature: 784 values in instead of a 28x28x1 image.
  await tf.setBackend('cpu');
  const wide = tf.sequential({ layers: [tf.layers.dense({ inputShape: [784], units: 10, activation: 'softmax' })] });
  wideCandidate = join(root, 'wide');
  await saveModel(wide, wideCandidate);
  wide.dispose();
  await addCalibration(wideCandidate, 1.2);
}, 120_000);

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('mnist release: usage errors', () => {
  it.each([
    [[], 'Expected one model directory, found none'],
    [['m', '--tolerance', 'lots'], '--tolerance expects percentage points between 0 and 100'],
    [['m', '--backend', 'gpu'], '--backend expects one of auto, tensorflow, wasm, cpu'],
    // The shared flag parser: CLI wording, a suggestion, negative values read as values.
    [['m', '--toler', '1'], 'Unknown flag --toler (did you mean --tolerance?)'],
    [['m', '--suite-limit', '-3'], '--suite-limit expects a positive integer, got "-3"'],
    [['m', '--suite-limit=-3'], '--suite-limit expects a positive integer, got "-3"'],
    [['m', '--max-ece'], '--max-ece expects a value (--max-ece <value>), got none.'],
  ])('%j exits 2 saying what is expected', async (args, message) => {
    const r = await runCli(['release', ...args]).done;
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stderr).not.toMatch(/Option '|argument missing|ambiguous|\n\s+at /);
  });
});

describe('mnist release: refusals leave @mnist/infer untouched', () => {
  it('refuses a candidate less accurate than the shipped model minus the tolerance', async () => {
    const repo = await repoCopy(0.99);
    const before = await snapshot(repo);
    const r = await release([candidate], repo);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/Expected a test accuracy of at least 98\.95% \(the shipped model's 99\.00% minus 0\.05 points\), but the candidate scores \d+\.\d\d%/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(await snapshot(repo)).toEqual(before);
  });

  it('refuses a candidate whose weight shard is missing', async () => {
    const repo = await repoCopy(0);
    const before = await snapshot(repo);
    const broken = await copyCandidate(candidate);
    await unlink(join(broken, 'group1-shard1of1.bin'));
    const r = await release([broken], repo);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(join(broken, 'group1-shard1of1.bin'));
    expect(r.stderr).toMatch(/model\.json lists it as a weight shard and it is missing/);
    expect(await snapshot(repo)).toEqual(before);
  });

  it('refuses a truncated shard and a shard altered after SHA256SUMS was written', async () => {
    const repo = await repoCopy(0);
    const before = await snapshot(repo);
    const truncated = await copyCandidate(candidate);
    const shard = await readFile(join(truncated, 'group1-shard1of1.bin'));
    await writeFile(join(truncated, 'group1-shard1of1.bin'), shard.subarray(0, shard.length - 4));
    const r1 = await release([truncated], repo);
    expect(r1.code).toBe(1);
    expect(r1.stderr).toContain(`but it has ${shard.length - 4} bytes`);

    const altered = await copyCandidate(candidate);
    await writeChecksums(altered);
    const flipped = Buffer.from(shard);
    flipped[100] = (flipped[100]! + 1) % 256;
    await writeFile(join(altered, 'group1-shard1of1.bin'), flipped);
    const r2 = await release([altered, '--json'], repo);
    expect(r2.code).toBe(1);
    const json = JSON.parse(r2.stdout);
    expect(json.status).toBe('refused');
    expect(json.error.name).toBe('ChecksumMismatchError');
    expect(json.error.message).toContain(`SHA-256 ${sha256(shard)} (from SHA256SUMS)`);
    expect(await snapshot(repo)).toEqual(before);
  });

  it('refuses a new input signature unless --allow-signature-change is given', async () => {
    const repo = await repoCopy(0);
    const before = await snapshot(repo);
    const r = await release([wideCandidate], repo);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('[null,28,28,1] -> [null,10]');
    expect(r.stderr).toContain('[null,784] -> [null,10]');
    expect(r.stderr).toContain('--allow-signature-change');
    expect(await snapshot(repo)).toEqual(before);
  });

  it('--dry-run checks and bundles but writes nothing', async () => {
    const repo = await repoCopy(0);
    const before = await snapshot(repo);
    const r = await release([candidate, '--dry-run', '--json'], repo);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ status: 'dry-run', bump: 'minor' });
    expect(await snapshot(repo)).toEqual(before);
  });
});

describe('mnist release: calibration', () => {
  it('refuses an uncalibrated candidate and leaves @mnist/infer untouched', async () => {
    const repo = await repoCopy(0);
    const before = await snapshot(repo);
    const uncalibrated = await copyCandidate(candidate);
    const metadata = JSON.parse(await readFile(join(uncalibrated, 'metadata.json'), 'utf8'));
    delete metadata.calibration;
    await writeFile(join(uncalibrated, 'metadata.json'), JSON.stringify(metadata));
    const r = await release([uncalibrated, '--json'], repo);
    expect(r.code).toBe(1);
    const json = JSON.parse(r.stdout);
    expect(json.error.name).toBe('UncalibratedModelError');
    expect(json.error.message).toContain(`mnist calibrate ${uncalibrated}`);
    expect(await snapshot(repo)).toEqual(before);
  });

  it('refuses a candidate whose calibration error through the API is above --max-ece', async () => {
    const repo = await repoCopy(0);
    const before = await snapshot(repo);
    const r = await runCli(['release', candidate, '--repo-root', repo, '--backend', 'wasm', '--suite-limit', '30', '--max-ece', '0']).done;
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/Expected an expected calibration error \(15 bins\) of at most 0\.00% on MNIST test through @mnist\/infer, but the calibrated candidate has \d+\.\d\d%/);
    expect(await snapshot(repo)).toEqual(before);
  });

  it('mnist calibrate refuses a model trained without held-out images', async () => {
    const noHoldOut = await copyCandidate(candidate);
    const metadata = JSON.parse(await readFile(join(noHoldOut, 'metadata.json'), 'utf8'));
    metadata.hyperparameters.validationSplit = 0;
    await writeFile(join(noHoldOut, 'metadata.json'), JSON.stringify(metadata));
    const r = await runCli(['calibrate', noHoldOut]).done;
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Expected a model trained with a validation split');
    expect(r.stderr).toContain('--preset robust');
  });
});

describe('mnist release: acceptance', () => {
  it('releases new weights as a minor version: manifest, model card and changeset', async () => {
    const repo = await repoCopy(0.3);
    const infer = join(repo, 'packages', 'infer');
    const modelFileBefore = await readFile(join(infer, 'src', 'model', 'default-model.bin'));
    // A repository still holding the base64 module of earlier versions loses it to the new asset.
    await writeFile(join(infer, 'src', 'model', 'default-model.ts'), 'export const DEFAULT_MODEL = {};\n');
    const checked = await copyCandidate(candidate);
    await writeChecksums(checked);
    const r = await release([checked, '--json'], repo);
    expect(r.code, r.stderr).toBe(0);
    const result = JSON.parse(r.stdout);
    expect(result).toMatchObject({ status: 'released', bump: 'minor', modelVersion: '0.1.0', checksumsVerified: true, signatureChanged: false });
    expect(result.testAccuracy).toBeGreaterThan(0.3);

    const manifest = JSON.parse(await readFile(join(infer, 'src', 'model', 'manifest.json'), 'utf8'));
    expect(manifest.modelVersion).toBe('0.1.0');
    expect(manifest.modelId).toBe(`sha256-${manifest.weights.sha256.slice(0, 16)}`);
    expect(manifest.architecture).toBe('mlp');
    expect(manifest.metrics.testAccuracy).toBe(result.testAccuracy);
    expect(manifest.metrics.testCount).toBe(10_000);
    expect(manifest.signature).toEqual({ input: [null, 28, 28, 1], output: [null, 10] });
    // The calibration `mnist calibrate` wrote into metadata.json (with its details) reaches the shipped manifest unchanged.
    const candidateMetadata = JSON.parse(await readFile(join(checked, 'metadata.json'), 'utf8'));
    expect(candidateMetadata.calibration).toMatchObject({ method: 'temperature', temperature: expect.any(Number) });
    expect(manifest.calibration).toEqual(candidateMetadata.calibration);
    expect(manifest.metrics.testEce).toBe(result.testEce);
    expect(result.robustness.suites.map((s: { name: string }) => s.name)).toContain('photo');
    const shard = await readFile(join(checked, 'group1-shard1of1.bin'));
    expect(manifest.sourceFiles).toContainEqual({ path: 'group1-shard1of1.bin', bytes: shard.length, sha256: sha256(shard) });

    const modelFile = await readFile(join(infer, 'src', 'model', 'default-model.bin'));
    expect(modelFile.equals(modelFileBefore)).toBe(false);
    expect(manifest.file).toEqual({ path: 'default-model.bin', bytes: modelFile.length, sha256: sha256(modelFile) });
    expect(modelFile.subarray(0, 8).toString('latin1')).toBe('MNISTLM1');
    await expect(readFile(join(infer, 'src', 'model', 'default-model.ts'))).rejects.toThrow(/ENOENT/);

    const card = await readFile(join(infer, 'MODEL_CARD.md'), 'utf8');
    expect(card).toContain('# Model card: @mnist/infer default model 0.1.0');
    expect(card).toContain('ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db'); // training images checksum
    expect(card).toContain(`**${(result.testAccuracy * 100).toFixed(2)}%** on 10,000 images`);
    for (const heading of ['## Calibration: confidence means probability', '## Robustness suites', '## Choosing a confidence threshold', '## Architecture', '## Per-class metrics', '## Confusion matrix', '## Known failure modes', '## Intended use and limits', '## Recipe and seed']) {
      expect(card).toContain(heading);
    }
    expect(card).toMatch(/### \d read as \d \(\d+ test images?\)/);
    expect(card).toContain('--seed 42');

    const changesets = (await readdir(join(repo, '.changeset'))).filter((n) => n.startsWith('infer-model-'));
    expect(changesets).toEqual([`infer-model-${manifest.weights.sha256.slice(0, 8)}.md`]);
    const changeset = await readFile(join(repo, '.changeset', changesets[0]!), 'utf8');
    expect(changeset).toMatch(/^---\n"@mnist\/infer": minor\n---\n\nNew default model 0\.1\.0/);
    // Nothing left behind by the staged moves.
    expect((await readdir(join(infer, 'src', 'model'))).filter((n) => n.includes('.release-'))).toEqual([]);

    // Releasing the same weights again is refused, and changes nothing.
    const before = await snapshot(repo);
    const again = await release([checked, '--tolerance', '100'], repo);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(`are the ones @mnist/infer already ships`);
    expect(await snapshot(repo)).toEqual(before);
    }, 300_000); // two releases, each reading MNIST test and the robustness suites through @mnist/infer

  it('releases a declared signature change as a major version', async () => {
    const repo = await repoCopy(0);
    const r = await release([wideCandidate, '--allow-signature-change', '--json'], repo);
    expect(r.code, r.stderr).toBe(0);
    const result = JSON.parse(r.stdout);
    expect(result).toMatchObject({ status: 'released', bump: 'major', modelVersion: '1.0.0', signatureChanged: true });
    const changeset = await readFile(join(repo, result.changeset.file), 'utf8');
    expect(changeset).toMatch(/^---\n"@mnist\/infer": major\n---/);
    expect(changeset).toContain('**Breaking:**');
    const manifest = JSON.parse(await readFile(join(repo, 'packages', 'infer', 'src', 'model', 'manifest.json'), 'utf8'));
    expect(manifest.signature).toEqual({ input: [null, 784], output: [null, 10] });
    expect((await stat(join(repo, 'packages', 'infer', 'MODEL_CARD.md'))).size).toBeGreaterThan(1000);
  });
});
