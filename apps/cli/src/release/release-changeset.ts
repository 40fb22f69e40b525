import type { Bump } from './next-model-version.js';

export interface ReleaseChangesetInput {
  packageName: string;
  bump: Bump;
  modelVersion: string;
  modelId: string;
  architecture: string;
  parameters: number;
  testAccuracy: number;
  bundledTestAccuracy: number | undefined;
  shippedTestAccuracy: number;
  quantization: string;
  weightBytes: number;
  /** Present for a major release: the old and new signatures. */
  signatureChange?: { from: string; to: string };
}

const pct = (f: number) => `${(f * 100).toFixed(2)}%`;

/**
 * The changeset of a model release: `minor` for new weights, `major` for a new input/output
 * signature, named after the model id so two releases never collide.
 */
export function createReleaseChangeset(input: ReleaseChangesetInput): { fileName: string; content: string } {
  const hex = input.modelId.replace(/^sha256-/, '').slice(0, 8);
  const summary =
    `New default model ${input.modelVersion} (\`${input.modelId}\`): \`${input.architecture}\`, ${input.parameters.toLocaleString('en-US')} parameters, ` +
    `MNIST test accuracy ${pct(input.testAccuracy)}` +
    (input.bundledTestAccuracy === undefined ? '' : ` (${pct(input.bundledTestAccuracy)} with the bundled ${input.quantization} weights)`) +
    `, previously ${pct(input.shippedTestAccuracy)}; ${(input.weightBytes / 1024).toFixed(1)} KiB of weights. ` +
    (input.signatureChange
      ? `**Breaking:** the model's input/output signature changed from \`${input.signatureChange.from}\` to \`${input.signatureChange.to}\`. `
      : 'Same input/output signature as before. ') +
    'See MODEL_CARD.md for per-class metrics, the confusion matrix and known failure modes.';
  return {
    fileName: `infer-model-${hex}.md`,
    content: `---\n"${input.packageName}": ${input.bump}\n---\n\n${summary}\n`,
  };
}
