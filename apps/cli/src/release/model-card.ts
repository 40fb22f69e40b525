import { type RobustnessReport, suiteTableMarkdown, thresholdTableMarkdown } from '../robustness/evaluate-robustness.js';
import { type ModelSignature, formatSignature } from './model-signature.js';

/** One layer of the released network, for the architecture table. */
export interface ModelCardLayer {
  name: string;
  type: string;
  outputShape: string;
  params: number;
}

/** A frequent confusion (true class read as another) with examples from the test set. */
export interface FailureMode {
  truth: number;
  predicted: number;
  count: number;
  examples: { index: number; confidence: number; ascii: string }[];
}

/** Per-class metrics as @mnist/train's evaluate computes them. */
export interface ModelCardClassMetrics {
  label: number;
  className: string;
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

/** The parts of `metadata.json` (written by `mnist train`) the card uses; all optional. */
export interface ModelCardMetadata {
  architecture?: string;
  parameters?: number;
  dataset?: { name?: string; source?: string; classNames?: string[]; sha256?: Record<string, string>; trainCount?: number; testCount?: number };
  hyperparameters?: Record<string, unknown>;
  seed?: number;
  history?: { epoch?: number[]; loss?: number[]; acc?: number[]; val_loss?: number[]; val_acc?: number[] };
  backend?: { name?: string };
  versions?: Record<string, string>;
  trainSeconds?: number;
  createdAt?: string;
}

/** The bundle manifest fields the card uses (see @mnist/infer's ModelManifest). */
export interface ModelCardManifest {
  architecture: string;
  parameters: number;
  quantization: string;
  sourceFiles: { path: string; bytes: number; sha256: string }[];
  weights: { bytes: number; sha256: string };
  metrics: { testAccuracy?: number; testCount?: number; bundledTestAccuracy?: number };
}

export interface ModelCardInput {
  packageName: string;
  modelVersion: string;
  modelId: string;
  manifest: ModelCardManifest;
  metadata: ModelCardMetadata | undefined;
  signature: ModelSignature;
  layers: ModelCardLayer[];
  /** Test-set evaluation of the released (float32) weights. */
  evaluation: {
    accuracy: number;
    loss: number;
    count: number;
    perClass: ModelCardClassMetrics[];
    confusionMatrix: number[][];
  };
  failures: FailureMode[];
  /** Size of the bundled model file (default-model.bin: topology + weights), in bytes. */
  moduleBytes: number;
  /** ISO date of the release. */
  releasedAt: string;
  /** Accuracy and calibration of the bundled model on MNIST test and the robustness suites, through @mnist/infer. */
  robustness?: RobustnessReport;
}

/** The calibration section: what it is, how it was fitted, the suite and threshold tables, and what the suites leave out. */
function robustnessSections(input: ModelCardInput): string[] {
  const r = input.robustness;
  if (r === undefined) return [];
  const c = (input.metadata as { calibration?: Record<string, unknown> } | undefined)?.calibration;
  const clean = r.suites.find((s) => s.name === 'clean');
  const out: string[] = [];
  out.push('## Calibration: confidence means probability');
  out.push('');
  out.push(
    `Every \`confidence\` and \`probabilities\` of \`classify\`, \`classifyBatch\` and \`readDigits\` is calibrated by temperature scaling ` +
      `(softmax(logits / T) with T = ${typeof c?.temperature === 'number' ? c.temperature.toFixed(4) : 'n/a'}), fitted by \`mnist calibrate\` on ` +
      `${typeof c?.fittedOn === 'string' ? c.fittedOn : 'held-out images'} — never on the test set. The temperature travels with the model ` +
      "(metadata.json and the bundle manifest), so a model loaded from a URL is calibrated the same way.",
  );
  out.push('');
  if (clean) {
    out.push(
      `On MNIST test, through the public API: accuracy ${pct(clean.accuracy)}, expected calibration error (15 equal-width bins) **${pct(clean.ece)}**, ` +
        `mean confidence ${clean.meanConfidence.toFixed(4)}.`,
    );
    out.push('');
  }
  out.push('## Robustness suites');
  out.push('');
  out.push(
    `Built from the ${count(clean?.count ?? 0)} MNIST test images (never trained on), seeded (\`mnist robustness\` rebuilds them; \`pnpm bench\` prints the same table), ` +
      'each read through `classifyBatch` exactly as an app would give them (the low-resolution suites at their own size):',
  );
  out.push('');
  out.push(suiteTableMarkdown(r));
  out.push('');
  out.push('## Choosing a confidence threshold');
  out.push('');
  out.push(
    'With `loadRecognizer({ minConfidence })` answers below the threshold come back as `digit: null` with a reason. ' +
      'Share of inputs answered at each threshold, and accuracy of those answers:',
  );
  out.push('');
  out.push(thresholdTableMarkdown(r));
  out.push('');
  out.push('What the suites do not cover: writers taught other letterforms (continental 1 and 7, open 4, crossed 7), digits from other ' +
    'datasets and countries, real camera blur and perspective, coloured or lined paper, several digits touching, letters and symbols ' +
    '(the model still answers a digit for them; the threshold above helps only as far as its confidence drops), and adversarial inputs. ' +
    'The suites are synthetic transforms of MNIST: a model can learn them, so they bound, not prove, how it generalises.');
  out.push('');
  return out;
}

const pct = (f: number | undefined, digits = 2) => (f === undefined || !Number.isFinite(f) ? 'n/a' : `${(f * 100).toFixed(digits)}%`);
const count = (n: number) => Math.round(n).toLocaleString('en-US');
const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

function table(header: string[], rows: string[][], right: boolean[] = []): string {
  const rule = header.map((_, i) => (right[i] ? '---:' : '---'));
  return [header, rule, ...rows].map((r) => `| ${r.join(' | ')} |`).join('\n');
}

function recipe(metadata: ModelCardMetadata | undefined): string {
  const h = metadata?.hyperparameters;
  if (h === undefined) return 'Not recorded (the model directory had no metadata.json).';
  const rows = Object.entries(h).map(([k, v]) => [`\`${k}\``, v === null ? '—' : `\`${JSON.stringify(v)}\``]);
  rows.push(['`seed`', metadata?.seed === undefined ? 'n/a' : `\`${metadata.seed}\``]);
  const flags: [string, string][] = [
    ['preset', '--preset'],
    ['epochs', '--epochs'],
    ['batchSize', '--batch-size'],
    ['validationSplit', '--validation-split'],
    ['optimizer', '--optimizer'],
    ['learningRate', '--lr'],
    ['schedule', '--schedule'],
    ['labelSmoothing', '--label-smoothing'],
    ['limit', '--limit'],
  ];
  const command = [
    'mnist train',
    metadata?.architecture ? `--model ${metadata.architecture}` : '',
    ...flags.map(([key, flag]) => (h[key] === undefined || h[key] === null ? '' : `${flag} ${String(h[key])}`)),
    h.augment === true ? '--augment' : h.augment === false ? '--no-augment' : '',
    metadata?.seed === undefined ? '' : `--seed ${metadata.seed}`,
  ]
    .filter(Boolean)
    .join(' ');
  return `${table(['option', 'value'], rows)}\n\nTo retrain with the same recipe: \`${command}\` (results match to within the nondeterminism of floating-point reduction order across backends).`;
}

/**
 * The Markdown model card of a released model: what it is (architecture, parameters, files, sizes),
 * what it was trained on (data with checksums, recipe, seed), how good it is (accuracy, per-class
 * metrics, confusion matrix), where it fails (frequent confusions with drawn examples) and what it
 * is for. Generated by `mnist release`; do not edit by hand.
 */
export function createModelCard(input: ModelCardInput): string {
  const { manifest, metadata, evaluation } = input;
  const classNames = metadata?.dataset?.classNames ?? evaluation.perClass.map((c) => c.className);
  const name = (k: number) => classNames[k] ?? String(k);
  const datasetName = metadata?.dataset?.name ?? 'mnist';
  const out: string[] = [];
  out.push(`<!-- Generated by \`mnist release\` from the model's metadata.json and the bundle manifest. Do not edit. -->`);
  out.push(`# Model card: ${input.packageName} default model ${input.modelVersion}`);
  out.push('');
  out.push(
    `The handwritten-digit classifier bundled with \`${input.packageName}@${input.modelVersion}\` ` +
      `(model id \`${input.modelId}\`, released ${input.releasedAt.slice(0, 10)}). Installing that exact version always gives these weights.`,
  );
  out.push('');
  out.push(
    table(
      ['', ''],
      [
        ['MNIST test accuracy (float32 weights)', `**${pct(evaluation.accuracy)}** on ${count(evaluation.count)} images`],
        ['MNIST test accuracy (bundled weights)', pct(manifest.metrics.bundledTestAccuracy)],
        ['Test loss (cross-entropy)', evaluation.loss.toFixed(4)],
        ['Architecture', `\`${manifest.architecture}\``],
        ['Parameters', count(manifest.parameters)],
        ['Signature', `\`${formatSignature(input.signature)}\` (28x28x1 image, ink 1 on background 0 → 10 probabilities)`],
        ['Weight storage', `${manifest.quantization === 'none' ? 'float32' : manifest.quantization} (${kib(manifest.weights.bytes)})`],
        ['Bundled model file size', kib(input.moduleBytes)],
      ],
    ),
  );
  out.push('');

  out.push(...robustnessSections(input));

  out.push('## Architecture');
  out.push('');
  out.push(
    table(
      ['layer', 'type', 'output shape', 'parameters'],
      input.layers.map((l) => [l.name, l.type, `\`${l.outputShape}\``, count(l.params)]),
      [false, false, false, true],
    ),
  );
  out.push('');
  out.push(`Total parameters: ${count(input.layers.reduce((n, l) => n + l.params, 0))}.`);
  out.push('');

  out.push('## Files');
  out.push('');
  out.push('The model directory this release was made from (`mnist train` output):');
  out.push('');
  out.push(table(['file', 'bytes', 'SHA-256'], manifest.sourceFiles.map((f) => [f.path, count(f.bytes), `\`${f.sha256}\``]), [false, true, false]));
  out.push('');
  out.push(
    `Bundled weights (${manifest.quantization === 'none' ? 'float32' : `${manifest.quantization}-quantised`}): ${count(manifest.weights.bytes)} bytes, SHA-256 \`${manifest.weights.sha256}\`. ` +
      '`loadRecognizer()` checks this size and hash before it uses the weights.',
  );
  out.push('');

  out.push('## Training data');
  out.push('');
  const ds = metadata?.dataset;
  out.push(
    `${datasetName === 'mnist' ? 'MNIST' : datasetName}: ${ds?.trainCount === undefined ? 'n/a' : count(ds.trainCount)} training images, ` +
      `${count(evaluation.count)} test images (source: \`${ds?.source ?? 'unknown'}\`). SHA-256 of the decompressed files:`,
  );
  out.push('');
  out.push(table(['file', 'SHA-256'], Object.entries(ds?.sha256 ?? {}).map(([f, h]) => [f, `\`${h}\``])));
  out.push('');

  out.push('## Recipe and seed');
  out.push('');
  out.push(recipe(metadata));
  out.push('');
  const history = metadata?.history;
  if (history?.epoch && history.epoch.length > 0) {
    const last = history.epoch.length - 1;
    out.push(
      `Trained ${history.epoch.length} epoch(s) on the \`${metadata?.backend?.name ?? 'unknown'}\` backend` +
        (metadata?.trainSeconds === undefined ? '' : ` in ${Math.round(metadata.trainSeconds)} s`) +
        `; final training loss ${history.loss?.[last]?.toFixed(4) ?? 'n/a'}, accuracy ${pct(history.acc?.[last])}.` +
        (metadata?.createdAt ? ` Created ${metadata.createdAt}.` : ''),
    );
    out.push('');
  }
  if (metadata?.versions) {
    out.push(`Library versions: ${Object.entries(metadata.versions).map(([k, v]) => `${k} ${v}`).join(', ')}.`);
    out.push('');
  }

  out.push('## Per-class metrics (test set)');
  out.push('');
  out.push(
    table(
      ['class', 'precision', 'recall', 'F1', 'support'],
      evaluation.perClass.map((c) => [c.className, pct(c.precision), pct(c.recall), pct(c.f1), count(c.support)]),
      [false, true, true, true, true],
    ),
  );
  out.push('');

  out.push('## Confusion matrix (test set)');
  out.push('');
  out.push('Rows: true class; columns: predicted class.');
  out.push('');
  out.push(
    table(
      ['true \\ predicted', ...classNames.map((_, k) => name(k))],
      evaluation.confusionMatrix.map((row, t) => [name(t), ...row.map((n, p) => (p === t ? `**${n}**` : String(n)))]),
      [false, ...classNames.map(() => true)],
    ),
  );
  out.push('');

  out.push('## Known failure modes');
  out.push('');
  const errors = evaluation.count - Math.round(evaluation.accuracy * evaluation.count);
  if (input.failures.length === 0) out.push('No test image was misclassified.');
  else {
    out.push(`${count(errors)} of ${count(evaluation.count)} test images are misclassified. The most frequent confusions:`);
    out.push('');
    for (const f of input.failures) {
      out.push(`### ${name(f.truth)} read as ${name(f.predicted)} (${f.count} test image${f.count === 1 ? '' : 's'})`);
      out.push('');
      for (const e of f.examples) {
        out.push(`Test image #${e.index} (read as ${name(f.predicted)} with confidence ${pct(e.confidence, 1)}):`);
        out.push('');
        out.push('```');
        out.push(e.ascii);
        out.push('```');
        out.push('');
      }
    }
  }
  out.push(
    'Beyond the test set: inputs far from MNIST style (several digits in one image, letters, very faint or noisy strokes, ' +
      'photos with uneven lighting) are still read as some digit; check `confidence` and use `readDigits` for rows of digits.',
  );
  out.push('');

  out.push('## Intended use and limits');
  out.push('');
  out.push(
    '- **Intended use:** recognising single handwritten digits 0–9 drawn on a canvas, scanned or photographed, after ' +
      "@mnist/infer's MNIST-style preprocessing (grayscale, polarity, crop, 20x20 fit, centre of mass); teaching and demos of on-device ML.",
  );
  out.push(
    '- **Not for:** decisions about people (identity, grading, forms with legal effect) without human review; printed or non-Western digits; ' +
      'anything that is not a digit (the model always answers one of 10 classes; blank input returns `digit: null`).',
  );
  out.push(
    `- **Data limits:** MNIST was written by US Census Bureau employees and high-school students in the 1990s; accuracy on other ` +
      'handwriting styles, pens and devices is lower than the test figure above.',
  );
  out.push('- **Pinning:** the weights change only with a minor (new weights) or major (new input/output signature) version of the package.');
  out.push('');
  return out.join('\n');
}
