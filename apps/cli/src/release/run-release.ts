import { spawn } from 'node:child_process';
import { copyFile, mkdtemp, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { type CheckedFile, checkModelFiles } from './check-model-files.js';
import { findFailureModes, type Misprediction } from './failure-modes.js';
import { createModelCard, type ModelCardLayer, type ModelCardManifest, type ModelCardMetadata } from './model-card.js';
import { formatSignature, type ModelSignature, sameSignature, shippedSignature, signatureOf } from './model-signature.js';
import { type Bump, nextModelVersion } from './next-model-version.js';
import { createReleaseChangeset } from './release-changeset.js';
import { AccuracyRegressionError, ChecksumMismatchError, ReleaseError, ReleaseSetupError, SignatureChangeError } from './release-errors.js';
import { BUNDLE_SCRIPT, INFER_PACKAGE_DIR } from './find-repo-root.js';

/** Default --tolerance: the candidate may score at most this many percentage points below the shipped model. */
export const DEFAULT_TOLERANCE_POINTS = 0.05;
/** Slack for comparing accuracies computed as fractions of 10,000 (avoids 0.9936 - 0.0005 rounding surprises). */
const ACCURACY_EPSILON = 1e-9;
/** Generated files, relative to the @mnist/infer package directory. */
/** The bundled model file (topology + weights) bundle-model.mjs writes; @mnist/infer ships it as an asset. */
export const MODEL_FILE = join('src', 'model', 'default-model.bin');
/** The base64 module earlier versions of @mnist/infer embedded the model in; removed when a release replaces it. */
const LEGACY_MODEL_MODULE = join('src', 'model', 'default-model.ts');
export const MODEL_MANIFEST = join('src', 'model', 'manifest.json');
export const MODEL_CARD = 'MODEL_CARD.md';
const IMAGES_PER_PREDICTION = 500;

export interface ReleaseOptions {
  /** The candidate model directory written by `mnist train`. */
  modelDir: string;
  /** The monorepo root (packages/infer and .changeset are written there). */
  repoRoot: string;
  /** Allowed accuracy drop versus the shipped model, in percentage points. */
  tolerancePoints?: number;
  /** Accept a new input/output signature (major release). */
  allowSignatureChange?: boolean;
  /** Validate and bundle, but write nothing into the repository. */
  dryRun?: boolean;
  /** tfjs backend for the evaluation (default auto). */
  backend?: 'auto' | 'tensorflow' | 'wasm' | 'cpu';
  /** Progress lines for humans. */
  log?: (line: string) => void;
  now?: Date;
}

export interface ReleaseResult {
  status: 'released' | 'dry-run';
  packageName: string;
  modelVersion: string;
  modelId: string;
  bump: Bump;
  architecture: string;
  testAccuracy: number;
  bundledTestAccuracy: number | undefined;
  shippedTestAccuracy: number;
  tolerancePoints: number;
  signature: ModelSignature;
  signatureChanged: boolean;
  /** True when the candidate carried SHA256SUMS and it matched; sizes are always checked. */
  checksumsVerified: boolean;
  /** Files written (or, in a dry run, that would be written), relative to the repository root. */
  files: string[];
  changeset: { file: string; content: string };
}

interface BundleManifest extends ModelCardManifest {
  formatVersion: number;
  createdAt?: string;
  [key: string]: unknown;
}

async function readJson<T>(path: string, what: string): Promise<T> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ReleaseSetupError(`Expected ${what} at ${path}, but it cannot be read (${(error as Error).message}). Restore it from version control.`);
  }
  try {
    return JSON.parse(text) as T;
  } catch (error) {
    throw new ReleaseSetupError(`Expected ${what} at ${path} to be JSON, but it is not (${(error as Error).message}). Restore it from version control.`);
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

/** Runs @mnist/infer's bundle script on the candidate, writing its output into `outDir`. */
function runBundleScript(inferDir: string, modelDir: string, outDir: string, log: (line: string) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(inferDir, BUNDLE_SCRIPT), modelDir, '--out', outDir], {
      cwd: inferDir,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      for (const line of chunk.split('\n')) if (line.trim()) log(`  bundle-model: ${line.trim()}`);
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve();
      else {
        reject(
          new ReleaseError(
            `Expected ${join(INFER_PACKAGE_DIR, BUNDLE_SCRIPT)} to bundle the candidate, but it exited with code ${code}: ${stderr.trim().split('\n').slice(-3).join(' ')}. ` +
              'Fix the cause above and run mnist release again.',
          ),
        );
      }
    });
  });
}

function sameFiles(a: readonly CheckedFile[], b: readonly CheckedFile[]): CheckedFile | undefined {
  for (const file of a) {
    const other = b.find((f) => f.path === file.path);
    if (other === undefined || other.sha256 !== file.sha256 || other.bytes !== file.bytes) return file;
  }
  return undefined;
}

/**
 * Validates a candidate model directory and, unless `dryRun`, releases it as @mnist/infer's default
 * model: files complete and intact, loads, same signature as the shipped model (or
 * `allowSignatureChange`), MNIST test accuracy (re-measured with @mnist/train's `evaluate` on the raw
 * test images) not below the shipped model's minus the tolerance; then bundles it with
 * packages/infer/scripts/bundle-model.mjs, stamps the manifest with the model version, writes
 * MODEL_CARD.md and a changeset. Everything is produced in a temporary directory and moved into the
 * repository only when every check passed.
 * @throws a ReleaseError subclass (nothing in the repository is modified), or the loader's error.
 */
export async function runRelease(options: ReleaseOptions): Promise<ReleaseResult> {
  const log = options.log ?? (() => undefined);
  const tolerancePoints = options.tolerancePoints ?? DEFAULT_TOLERANCE_POINTS;
  const inferDir = join(options.repoRoot, INFER_PACKAGE_DIR);
  const changesetDir = join(options.repoRoot, '.changeset');
  const pkg = await readJson<{ name: string; version: string }>(join(inferDir, 'package.json'), "@mnist/infer's package.json");
  const shipped = await readJson<BundleManifest>(join(inferDir, MODEL_MANIFEST), 'the shipped model manifest');
  const shippedAccuracy = shipped.metrics?.bundledTestAccuracy ?? shipped.metrics?.testAccuracy;
  if (typeof shippedAccuracy !== 'number') {
    throw new ReleaseSetupError(
      `Expected the shipped manifest ${join(inferDir, MODEL_MANIFEST)} to record metrics.bundledTestAccuracy or metrics.testAccuracy, but it has neither. Restore it from version control.`,
    );
  }
  if (!(await exists(changesetDir))) {
    throw new ReleaseSetupError(`Expected a changesets directory at ${changesetDir}, but there is none. Run \`pnpm changeset init\` first.`);
  }

  log(`Checking files in ${options.modelDir}`);
  const files = await checkModelFiles(options.modelDir);
  log(
    `  ${files.files.length} files, ${files.weightBytes} bytes of weights in ${files.shards.length} shard(s); ` +
      (files.checksumsVerified ? 'SHA256SUMS verified' : 'no SHA256SUMS in the directory: sizes checked, hashes recorded'),
  );
  const metadataPath = join(options.modelDir, 'metadata.json');
  const metadata = (await exists(metadataPath)) ? await readJson<ModelCardMetadata>(metadataPath, "the candidate's metadata.json") : undefined;
  if (metadata === undefined) log('  no metadata.json: the model card will not know the recipe');
  const datasetName = metadata?.dataset?.name ?? 'mnist';
  if (datasetName !== 'mnist') {
    throw new ReleaseSetupError(
      `Expected a model trained on mnist (the default model of ${pkg.name} reads digits), but metadata.json says ${datasetName}. ` +
        'Publish other models as a model directory and load them with loadRecognizer({ modelUrl }).',
    );
  }

  const tf = await import('@tensorflow/tfjs');
  const { evaluate, loadModel, selectBackend } = await import('@mnist/train');
  const { loadMnist } = await import('@mnist/data/node');
  const backend = await selectBackend(options.backend ?? 'auto');
  log(`Loading the candidate (backend ${backend.name})`);
  const model = await loadModel(options.modelDir);
  let signature: ModelSignature;
  let shippedSig: ModelSignature;
  let signatureChanged: boolean;
  let evaluation: Awaited<ReturnType<typeof evaluate>>;
  let layers: ModelCardLayer[];
  let mispredictions: Misprediction[];
  let testImages: Uint8Array;
  try {
    signature = signatureOf(model);
    shippedSig = await shippedSignature(inferDir, tf);
    signatureChanged = !sameSignature(signature, shippedSig);
    if (signatureChanged && !options.allowSignatureChange) {
      throw new SignatureChangeError(formatSignature(shippedSig), formatSignature(signature));
    }
    log(`  signature ${formatSignature(signature)}${signatureChanged ? ` (changed from ${formatSignature(shippedSig)}: major release)` : ' (unchanged)'}`);

    log('Evaluating on the MNIST test set (10,000 images)');
    const data = await loadMnist({ dataset: 'mnist' });
    testImages = data.test.images;
    evaluation = await evaluate(model, data.test, { classNames: data.classNames });
    log(`  test accuracy ${(evaluation.accuracy * 100).toFixed(2)}% (shipped ${(shippedAccuracy * 100).toFixed(2)}%, tolerance ${tolerancePoints} points)`);
    if (evaluation.accuracy < shippedAccuracy - tolerancePoints / 100 - ACCURACY_EPSILON) {
      throw new AccuracyRegressionError(evaluation.accuracy, shippedAccuracy, tolerancePoints);
    }

    mispredictions = [];
    const inputShape = model.inputs[0]!.shape.slice(1) as number[];
    const wrong = evaluation.misclassified;
    for (let start = 0; start < wrong.length; start += IMAGES_PER_PREDICTION) {
      const batch = wrong.slice(start, start + IMAGES_PER_PREDICTION);
      const pixels = new Float32Array(batch.length * 784);
      batch.forEach((index, k) => {
        for (let p = 0; p < 784; p++) pixels[k * 784 + p] = testImages[index * 784 + p]! / 255;
      });
      const probabilities = tf.tidy(() => model.predict(tf.tensor(pixels, [batch.length, ...inputShape])) as import('@tensorflow/tfjs').Tensor2D);
      const values = await probabilities.data();
      probabilities.dispose();
      const classes = signature.output[1] ?? 10;
      batch.forEach((index, k) => {
        let best = 0;
        for (let c = 1; c < classes; c++) if (values[k * classes + c]! > values[k * classes + best]!) best = c;
        mispredictions.push({ index, truth: data.test.labels[index]!, predicted: best, confidence: values[k * classes + best]! });
      });
    }
    layers = model.layers.map((layer) => ({
      name: layer.name,
      type: layer.getClassName(),
      outputShape: JSON.stringify(layer.outputShape).replace(/,/g, ', '),
      params: layer.countParams(),
    }));
  } finally {
    model.dispose();
  }

  const bump: Bump = signatureChanged ? 'major' : 'minor';
  const work = await mkdtemp(join(tmpdir(), 'mnist-release-'));
  try {
    log(`Bundling with ${join(INFER_PACKAGE_DIR, BUNDLE_SCRIPT)}`);
    await runBundleScript(inferDir, options.modelDir, work, log);
    const manifest = await readJson<BundleManifest>(join(work, 'manifest.json'), 'the manifest bundle-model.mjs wrote');
    const bundledAccuracy = manifest.metrics.bundledTestAccuracy;
    if (bundledAccuracy !== undefined && bundledAccuracy < shippedAccuracy - tolerancePoints / 100 - ACCURACY_EPSILON) {
      throw new AccuracyRegressionError(bundledAccuracy, shippedAccuracy, tolerancePoints, `bundled (${manifest.quantization}) test accuracy`);
    }
    if (manifest.weights.sha256 === shipped.weights?.sha256) {
      throw new ReleaseSetupError(
        `Expected new weights, but the candidate's bundled weights (SHA-256 ${manifest.weights.sha256}) are the ones ${pkg.name} already ships. ` +
          'Nothing to release; train a new candidate.',
      );
    }
    const changed = sameFiles(files.files, manifest.sourceFiles);
    if (changed !== undefined) {
      throw new ChecksumMismatchError(
        join(options.modelDir, changed.path),
        `SHA-256 ${changed.sha256} (as checked at the start of the release)`,
        'different contents now: it changed during the release',
      );
    }

    const modelVersion = await nextModelVersion(pkg.version, bump, changesetDir, pkg.name);
    const modelId = `sha256-${manifest.weights.sha256.slice(0, 16)}`;
    const { formatVersion, ...rest } = manifest;
    const stamped = {
      formatVersion,
      modelVersion,
      modelId,
      ...rest,
      signature,
      metrics: { ...manifest.metrics, testAccuracy: evaluation.accuracy, testCount: evaluation.count },
    };
    // @mnist/infer imports manifest.json itself: the stamped manifest is the one it ships.
    await writeFile(join(work, 'manifest.json'), `${JSON.stringify(stamped, null, 2)}\n`);
    const modelFileBytes = (await stat(join(work, 'default-model.bin'))).size;

    const releasedAt = (options.now ?? new Date()).toISOString();
    const card = createModelCard({
      packageName: pkg.name,
      modelVersion,
      modelId,
      manifest: stamped,
      metadata,
      signature,
      layers,
      evaluation,
      failures: findFailureModes(mispredictions, testImages),
      moduleBytes: modelFileBytes,
      releasedAt,
    });
    await writeFile(join(work, MODEL_CARD), card);
    const changeset = createReleaseChangeset({
      packageName: pkg.name,
      bump,
      modelVersion,
      modelId,
      architecture: manifest.architecture,
      parameters: manifest.parameters,
      testAccuracy: evaluation.accuracy,
      bundledTestAccuracy: bundledAccuracy,
      shippedTestAccuracy: shippedAccuracy,
      quantization: manifest.quantization,
      weightBytes: manifest.weights.bytes,
      signatureChange: signatureChanged ? { from: formatSignature(shippedSig), to: formatSignature(signature) } : undefined,
    });
    await writeFile(join(work, changeset.fileName), changeset.content);

    const moves: [string, string][] = [
      [join(work, 'default-model.bin'), join(inferDir, MODEL_FILE)],
      [join(work, 'manifest.json'), join(inferDir, MODEL_MANIFEST)],
      [join(work, MODEL_CARD), join(inferDir, MODEL_CARD)],
      [join(work, changeset.fileName), join(changesetDir, changeset.fileName)],
    ];
    if (!options.dryRun) {
      // Copy everything next to its destination first, then rename each into place (atomic per file).
      const staged = `.release-${process.pid}.tmp`;
      for (const [from, to] of moves) await copyFile(from, to + staged);
      for (const [, to] of moves) await rename(to + staged, to);
      await rm(join(inferDir, LEGACY_MODEL_MODULE), { force: true });
    }
    return {
      status: options.dryRun ? 'dry-run' : 'released',
      packageName: pkg.name,
      modelVersion,
      modelId,
      bump,
      architecture: manifest.architecture,
      testAccuracy: evaluation.accuracy,
      bundledTestAccuracy: bundledAccuracy,
      shippedTestAccuracy: shippedAccuracy,
      tolerancePoints,
      signature,
      signatureChanged,
      checksumsVerified: files.checksumsVerified,
      files: moves.map(([, to]) => relative(options.repoRoot, to)),
      changeset: { file: relative(options.repoRoot, join(changesetDir, changeset.fileName)), content: changeset.content },
    };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
