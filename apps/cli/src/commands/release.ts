import { resolve } from 'node:path';
import type { Command, CommandContext } from '../command.js';
import { EXIT_FAILURE, EXIT_OK } from '../exit-codes.js';
import { parseChoiceFlag, parseCommandFlags, parseIntegerFlag } from '../parse-command-flags.js';
import { findRepoRoot, REPO_ROOT_ENV } from '../release/find-repo-root.js';
import { DEFAULT_MAX_ECE, DEFAULT_TOLERANCE_POINTS, type ReleaseResult, runRelease } from '../release/run-release.js';
import { UsageError } from '../usage-error.js';

const FLAGS = {
  tolerance: { type: 'string' },
  'max-ece': { type: 'string' },
  // Hidden: test images per robustness suite (tests use a few hundred).
  'suite-limit': { type: 'string' },
  'allow-signature-change': { type: 'boolean' },
  'dry-run': { type: 'boolean' },
  backend: { type: 'string' },
  json: { type: 'boolean' },
  // Hidden: the repository to release into (tests point it at a copy). Also MNIST_REPO_ROOT.
  'repo-root': { type: 'string' },
  verbose: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

const BACKENDS = ['auto', 'tensorflow', 'wasm', 'cpu'] as const;

export const RELEASE_HELP = `Usage: mnist release <model-dir> [flags]

Turns a model directory written by \`mnist train\` into the default model of @mnist/infer, after checking
that it deserves it. Run it from a checkout of the project.

Checks (any failure exits 1 and leaves packages/infer untouched):
  1. files: model.json and every weight shard exist, the shards hold exactly the bytes model.json
     describes, and every file listed in the directory's SHA256SUMS (if any) has that SHA-256
  2. it loads, and its input/output signature equals the shipped model's ([null,28,28,1] -> [null,10])
  3. its MNIST test accuracy (all 10,000 images, raw pixels / 255, @mnist/train's evaluate) is not
     below the shipped model's minus the tolerance; the quantised bundle is held to the same bar
  4. it is calibrated: metadata.json carries the temperature \`mnist calibrate\` fitted on held-out
     images, and through @mnist/infer (bundled weights, calibration applied) its expected calibration
     error on MNIST test is at most --max-ece

Then: bundles it with packages/infer/scripts/bundle-model.mjs, stamps the manifest with the model
version (the @mnist/infer version that will ship it) and a content id, regenerates
packages/infer/MODEL_CARD.md (with calibration, the robustness suites and the threshold table, as
\`mnist robustness\` measures them) and writes a changeset (minor: new weights; major: new signature).

Flags:
  --tolerance <points>        allowed accuracy drop in percentage points (default ${DEFAULT_TOLERANCE_POINTS})
  --max-ece <percent>         highest MNIST-test calibration error accepted (default ${DEFAULT_MAX_ECE * 100})
  --allow-signature-change    accept a new input/output signature (major release)
  --dry-run                   check and bundle, but write nothing
  --backend <name>            auto (default) | tensorflow | wasm | cpu, for the evaluation
  --json                      print the result as one JSON object on stdout (progress goes to stderr)
  --verbose                   print stack traces of errors
  -h, --help                  this help

Exit codes: 0 released (or dry run passed), 1 refused or failed, 2 usage error.
`;

function summary(result: ReleaseResult): string {
  const pct = (f: number | undefined) => (f === undefined ? 'n/a' : `${(f * 100).toFixed(2)}%`);
  return [
    `${result.status === 'dry-run' ? 'Dry run passed: would release' : 'Released'} ${result.packageName} default model ${result.modelVersion} (${result.modelId}, ${result.bump})`,
    `  architecture      ${result.architecture}`,
    `  test accuracy     ${pct(result.testAccuracy)} (bundled ${pct(result.bundledTestAccuracy)}; shipped ${pct(result.shippedTestAccuracy)}, tolerance ${result.tolerancePoints} points)`,
    `  calibration       temperature ${result.calibration.temperature.toFixed(4)}; MNIST-test ECE ${(result.testEce * 100).toFixed(2)}% through @mnist/infer`,
    ...result.robustness.suites.map((r) => `  suite ${r.name.padEnd(15)} ${pct(r.accuracy)} accuracy, ECE ${pct(r.ece)}`),
    `  signature         ${JSON.stringify(result.signature.input)} -> ${JSON.stringify(result.signature.output)}${result.signatureChanged ? ' (changed)' : ''}`,
    `  checksums         ${result.checksumsVerified ? 'SHA256SUMS verified' : 'sizes verified (no SHA256SUMS in the model directory)'}`,
    `  ${result.status === 'dry-run' ? 'would write' : 'wrote'}       ${result.files.join('\n                    ')}`,
    result.status === 'dry-run' ? '' : '\nNext: pnpm --filter @mnist/infer build && pnpm --filter @mnist/infer test, then commit and `pnpm release:dry`.',
    '',
  ].join('\n');
}

export const releaseCommand: Command = {
  name: 'release',
  summary: 'check a trained model and make it the default model of @mnist/infer',
  help: RELEASE_HELP,
  async run(args: string[], context: CommandContext): Promise<number> {
    const { values, positionals } = parseCommandFlags('release', args, FLAGS);
    if (values.help) {
      context.stdout.write(RELEASE_HELP);
      return EXIT_OK;
    }
    if (positionals.length !== 1) {
      throw new UsageError(`Expected one model directory, found ${positionals.length === 0 ? 'none' : positionals.join(' ')}. Usage: mnist release <model-dir> [flags].`);
    }
    let tolerancePoints = DEFAULT_TOLERANCE_POINTS;
    if (values.tolerance !== undefined) {
      tolerancePoints = values.tolerance.trim() === '' ? Number.NaN : Number(values.tolerance);
      if (!Number.isFinite(tolerancePoints) || tolerancePoints < 0 || tolerancePoints > 100) {
        throw new UsageError(`--tolerance expects percentage points between 0 and 100 (e.g. 0.05), got ${JSON.stringify(values.tolerance)}.`, '--tolerance');
      }
    }
    let maxEce = DEFAULT_MAX_ECE;
    if (values['max-ece'] !== undefined) {
      const percent = values['max-ece'].trim() === '' ? Number.NaN : Number(values['max-ece']);
      if (!Number.isFinite(percent) || percent < 0 || percent > 100) {
        throw new UsageError(`--max-ece expects a percentage between 0 and 100 (e.g. 1), got ${JSON.stringify(values['max-ece'])}.`, '--max-ece');
      }
      maxEce = percent / 100;
    }
    const suiteLimit = parseIntegerFlag('--suite-limit', values['suite-limit']);
    const backend = parseChoiceFlag('--backend', values.backend, BACKENDS) ?? 'auto';
    const json = values.json === true;
    const progress = json ? context.stderr : context.stdout;
    try {
      const repoRoot = findRepoRoot(context.cwd, values['repo-root'] ?? context.env[REPO_ROOT_ENV]);
      const result = await runRelease({
        modelDir: resolve(context.cwd, positionals[0]!),
        repoRoot,
        tolerancePoints,
        maxEce,
        ...(suiteLimit === undefined ? {} : { suiteLimit }),
        allowSignatureChange: values['allow-signature-change'] === true,
        dryRun: values['dry-run'] === true,
        backend,
        log: (line) => progress.write(`${line}\n`),
      });
      context.stdout.write(json ? `${JSON.stringify(result)}\n` : summary(result));
      return EXIT_OK;
    } catch (error) {
      if (!json) throw error;
      const e = error instanceof Error ? error : new Error(String(error));
      context.stdout.write(`${JSON.stringify({ status: 'refused', error: { name: e.name, message: e.message } })}\n`);
      context.stderr.write(`mnist release: ${e.message}\n`);
      return EXIT_FAILURE;
    }
  },
};
