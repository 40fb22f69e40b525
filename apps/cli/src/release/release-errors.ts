/**
 * Every refusal of `mnist release` is one of these classes. Messages say what was expected, what
 * was found, and what to do next; the command prints the message and exits with code 1, leaving
 * @mnist/infer untouched.
 */

/** Base class of every refusal of `mnist release`. */
export class ReleaseError extends Error {
  override name = 'ReleaseError';
}

/** A file the candidate model directory needs (model.json or a weight shard) does not exist. */
export class MissingModelFileError extends ReleaseError {
  override name = 'MissingModelFileError';
  constructor(
    readonly path: string,
    detail: string,
  ) {
    super(`Expected ${path} to exist, but ${detail}. Copy the complete model directory written by \`mnist train\` and try again.`);
  }
}

/** A file's size or SHA-256 differs from what model.json or the directory's SHA256SUMS records. */
export class ChecksumMismatchError extends ReleaseError {
  override name = 'ChecksumMismatchError';
  constructor(
    readonly path: string,
    readonly expected: string,
    readonly found: string,
  ) {
    super(
      `Expected ${path} to have ${expected}, but it has ${found}: the file is truncated or was altered. ` +
        'Re-copy the model directory from where it was trained (or re-run `mnist train`).',
    );
  }
}

/** The candidate's input or output shape differs from the shipped model's and the change was not declared. */
export class SignatureChangeError extends ReleaseError {
  override name = 'SignatureChangeError';
  constructor(
    readonly shipped: string,
    readonly candidate: string,
  ) {
    super(
      `Expected the candidate to keep the shipped model's signature ${shipped}, but it is ${candidate}. ` +
        'A new input/output signature breaks users of @mnist/infer: if it is intended, pass --allow-signature-change (the release becomes a major version).',
    );
  }
}

/** The candidate's MNIST test accuracy is below the shipped model's minus the tolerance. */
export class AccuracyRegressionError extends ReleaseError {
  override name = 'AccuracyRegressionError';
  constructor(
    readonly candidate: number,
    readonly shipped: number,
    readonly tolerancePoints: number,
    what = 'test accuracy',
  ) {
    super(
      `Expected a ${what} of at least ${percent(shipped - tolerancePoints / 100)} (the shipped model's ${percent(shipped)} minus ` +
        `${tolerancePoints} points), but the candidate scores ${percent(candidate)}. ` +
        'Train a better model (e.g. `mnist train --preset best`), or raise --tolerance if the drop is intended.',
    );
  }
}

/** The repository, the @mnist/infer package or the candidate's metadata is not what a release needs. */
export class ReleaseSetupError extends ReleaseError {
  override name = 'ReleaseSetupError';
}

function percent(fraction: number): string {
  return `${(fraction * 100).toFixed(2)}%`;
}

/** The candidate carries no calibration (fitted on held-out images by `mnist calibrate`). */
export class UncalibratedModelError extends ReleaseError {
  override readonly name = 'UncalibratedModelError';
  readonly modelDir: string;
  constructor(options: { modelDir: string }) {
    super(
      `Expected ${options.modelDir}/metadata.json to carry a "calibration" (temperature scaling fitted on held-out images), but it has none: ` +
        `its confidences would not mean probabilities. Run \`mnist calibrate ${options.modelDir}\` (the model must have been trained with a validation split, ` +
        'e.g. --preset robust), then release it.',
    );
    this.modelDir = options.modelDir;
  }
}

/** Through the public API, the calibrated candidate's MNIST-test calibration error is above the bar. */
export class CalibrationCheckError extends ReleaseError {
  override readonly name = 'CalibrationCheckError';
  readonly ece: number;
  readonly maxEce: number;
  constructor(options: { ece: number; maxEce: number }) {
    super(
      `Expected an expected calibration error (15 bins) of at most ${percent(options.maxEce)} on MNIST test through @mnist/infer, but the calibrated candidate has ${percent(options.ece)}. ` +
        'Re-fit it with `mnist calibrate`, or train with a larger validation split.',
    );
    this.ece = options.ece;
    this.maxEce = options.maxEce;
  }
}
