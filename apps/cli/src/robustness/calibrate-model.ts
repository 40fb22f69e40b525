import { readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expectedCalibrationError, fitTemperature, temperatureNll } from './calibration-metrics.js';
import { buildRobustnessSuites, SUITE_NAMES } from './robustness-suites.js';

/** Seed of the transformed validation copies (distinct from the suites' test-set seed). */
const CALIBRATION_SEED = 1009;
/** Transformed copies per capture transform (the clean held-out images are all used). */
const TRANSFORMED_PER_SUITE = 1000;
const CLASSES = 10;

/** What `mnist calibrate` writes into metadata.json as `calibration`. */
export interface CalibrationRecord {
  method: 'temperature';
  temperature: number;
  /** Where it was fitted: never the test set. */
  fittedOn: string;
  images: number;
  nllBefore: number;
  nllAfter: number;
  /** ECE (15 bins) on the calibration images before and after. */
  eceBefore: number;
  eceAfter: number;
  createdAt: string;
}

const CALIBRATION_ERROR_MARKER = Symbol.for('mnist.cli.calibration-error');

/** A model cannot be calibrated: no metadata, nothing held out, or not an MNIST model. */
export class CalibrationError extends Error {
  override readonly name = 'CalibrationError';
  readonly modelDir: string;
  readonly [CALIBRATION_ERROR_MARKER] = true;
  constructor(options: { modelDir: string; message: string; cause?: unknown }) {
    super(options.message, options.cause === undefined ? undefined : { cause: options.cause });
    this.modelDir = options.modelDir;
  }
  static isInstance(value: unknown): value is CalibrationError {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[CALIBRATION_ERROR_MARKER] === true;
  }
}

interface Metadata {
  seed?: number;
  hyperparameters?: { validationSplit?: number; limit?: number | null };
  dataset?: { name?: string };
  calibration?: unknown;
  [key: string]: unknown;
}

/** Reads metadata.json of a model directory written by `mnist train`. */
export async function readModelMetadata(modelDir: string): Promise<Metadata> {
  try {
    return JSON.parse(await readFile(join(modelDir, 'metadata.json'), 'utf8')) as Metadata;
  } catch (error) {
    throw new CalibrationError({
      modelDir,
      message:
        `Expected ${join(modelDir, 'metadata.json')} (written by mnist train), but it cannot be read (${(error as Error).message}). ` +
        'Calibrate a model directory written by mnist train.',
      cause: error,
    });
  }
}

/**
 * Fits temperature scaling for a model directory on the images its training run held out (the
 * validation split, rebuilt from metadata.json), clean and through each robustness transform, read
 * through @mnist/infer's public API with calibration off. Never looks at the test set.
 */
export async function fitModelCalibration(modelDir: string, log: (line: string) => void = () => undefined): Promise<CalibrationRecord> {
  const metadata = await readModelMetadata(modelDir);
  const validationSplit = metadata.hyperparameters?.validationSplit ?? 0;
  if (!(validationSplit > 0) || typeof metadata.seed !== 'number') {
    throw new CalibrationError({
      modelDir,
      message:
        `Expected a model trained with a validation split (images held out for calibration), but ${join(modelDir, 'metadata.json')} records ` +
        `validationSplit ${validationSplit}. Train with --preset robust or --validation-split 0.05, then calibrate.`,
    });
  }
  if ((metadata.dataset?.name ?? 'mnist') !== 'mnist') {
    throw new CalibrationError({
      modelDir,
      message: `Expected an MNIST model, but metadata.json says ${metadata.dataset?.name}. Calibration uses the MNIST training images; calibrate only digit models.`,
    });
  }
  const { loadMnist } = await import('@mnist/data/node');
  const { heldOutValidation } = await import('@mnist/train');
  const { loadRecognizer } = await import('@mnist/infer');
  const data = await loadMnist({ dataset: 'mnist' });
  const validation = heldOutValidation(data.train, { seed: metadata.seed, validationSplit, limit: metadata.hyperparameters?.limit ?? null });
  if (!validation) {
    throw new CalibrationError({ modelDir, message: `Expected held-out images, but the recorded split of ${validationSplit} leaves none. Train with a larger --validation-split.` });
  }
  const transformedCount = Math.min(TRANSFORMED_PER_SUITE, validation.count);
  const suites = [
    ...buildRobustnessSuites(validation.images, validation.labels, validation.count, { seed: CALIBRATION_SEED, names: ['clean'] }),
    ...buildRobustnessSuites(validation.images, validation.labels, transformedCount, {
      seed: CALIBRATION_SEED,
      names: SUITE_NAMES.filter((n) => n !== 'clean'),
    }),
  ];
  log(`  ${validation.count} held-out images, plus ${transformedCount} through each of ${suites.length - 1} transforms`);
  const recognizer = await loadRecognizer({ modelUrl: pathToFileURL(join(modelDir, 'model.json')).href, calibrated: false });
  const rows: number[][] = [];
  const labels: number[] = [];
  try {
    for (const suite of suites) {
      for (let start = 0; start < suite.images.length; start += 500) {
        const results = await recognizer.classifyBatch(suite.images.slice(start, start + 500));
        for (const [k, r] of results.entries()) {
          if (r.digit === null) continue; // nothing to read: no probability to calibrate
          rows.push(r.probabilities);
          labels.push(suite.labels[start + k]!);
        }
      }
    }
  } finally {
    recognizer.dispose();
  }
  const probabilities = new Float32Array(rows.length * CLASSES);
  for (const [i, r] of rows.entries()) probabilities.set(r, i * CLASSES);
  const temperature = fitTemperature(probabilities, labels, CLASSES);
  const ece = (t: number) => {
    const answers = rows.map((_, i) => {
      const logs = Array.from(probabilities.subarray(i * CLASSES, (i + 1) * CLASSES), (p) => Math.log(Math.max(1e-30, p)) / t);
      const max = Math.max(...logs);
      const sum = logs.reduce((s, v) => s + Math.exp(v - max), 0);
      let best = 0;
      for (let k = 1; k < CLASSES; k++) if (logs[k]! > logs[best]!) best = k;
      return { confidence: Math.exp(logs[best]! - max) / sum, correct: best === labels[i] };
    });
    return expectedCalibrationError(answers);
  };
  return {
    method: 'temperature',
    temperature,
    fittedOn: `the ${validation.count} training images held out as the validation split (seed ${metadata.seed}), clean and through each robustness transform`,
    images: rows.length,
    nllBefore: temperatureNll(probabilities, labels, CLASSES, 1),
    nllAfter: temperatureNll(probabilities, labels, CLASSES, temperature),
    eceBefore: ece(1),
    eceAfter: ece(temperature),
    createdAt: new Date().toISOString(),
  };
}

/** Writes `calibration` into the model directory's metadata.json (atomically: temporary file, then rename). */
export async function writeCalibration(modelDir: string, calibration: CalibrationRecord): Promise<void> {
  const metadata = await readModelMetadata(modelDir);
  const path = join(modelDir, 'metadata.json');
  const temp = `${path}.calibrate-${process.pid}.tmp`;
  await writeFile(temp, `${JSON.stringify({ ...metadata, calibration }, null, 2)}\n`);
  await rename(temp, path);
}
