import type { ModelManifest, Recognizer } from '@mnist/infer';
import type { AccuracyReport } from './class-accuracy';
import { required } from './dom';
import { formatBytes, formatCount, formatPercent } from './format';

/** Hex digits of the weights' SHA-256 shown as the model's identity. */
const SHORT_HASH_LENGTH = 8;

/** What the model panel shows; anything unknown stays undefined and shows as a dash. */
export interface ModelFacts {
  /** The model's identity: its release version where known, else a short hash of its weights. */
  version?: string;
  /** When the model was made (YYYY-MM-DD). */
  createdOn?: string;
  architecture?: string;
  testAccuracy?: number;
  testCount?: number;
  sizeBytes?: number;
  parameters?: number;
  quantization?: string;
  backend: string;
}

/**
 * Combines what the recogniser knows about its model with the bundled
 * model's manifest (used only when the recogniser runs the bundled model).
 */
export function describeModel(
  recognizer: Pick<Recognizer, 'backend' | 'model'>,
  bundledManifest: ModelManifest | undefined,
): ModelFacts {
  const manifest = recognizer.model.source === 'bundled' ? bundledManifest : undefined;
  // The recogniser reports the model's release version (from the bundled manifest or a hosted
  // model's metadata.json); before a release stamps one, the weights' hash identifies the model.
  const released = recognizer.model.version;
  const version =
    released !== undefined ? `v${released}` : manifest ? `#${manifest.weights.sha256.slice(0, SHORT_HASH_LENGTH)}` : undefined;
  return {
    backend: recognizer.backend,
    ...pick('version', version),
    ...pick('createdOn', manifest?.createdAt?.slice(0, 10)),
    ...pick('architecture', recognizer.model.architecture ?? manifest?.architecture),
    ...pick('testAccuracy', recognizer.model.testAccuracy ?? manifest?.metrics.testAccuracy),
    ...pick('testCount', manifest?.metrics.testCount),
    ...pick('sizeBytes', manifest?.weights.bytes),
    ...pick('parameters', recognizer.model.parameters ?? manifest?.parameters),
    ...pick('quantization', manifest?.quantization),
  };
}

function pick<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

/** Fills the model panel; `sample` (the page's own measurement) stands in for a missing test accuracy. */
export function renderModelFacts(facts: ModelFacts, sample?: AccuracyReport, backendNote?: string): void {
  const made = [facts.architecture, facts.createdOn ? `made ${facts.createdOn}` : undefined].filter(Boolean).join(', ');
  setFact('#model-version', facts.version ?? '—', made || undefined);
  if (facts.testAccuracy !== undefined) {
    const count = facts.testCount ? `${formatCount(facts.testCount)} ` : '';
    setFact('#model-accuracy', formatPercent(facts.testAccuracy, 2), `on the ${count}MNIST test images`);
  } else if (sample && sample.evaluated > 0) {
    setFact('#model-accuracy', formatPercent(sample.accuracy, 1), `on ${formatCount(sample.evaluated)} sample test digits, in this page`);
  } else {
    setFact('#model-accuracy', '—');
  }
  const quantization = facts.quantization && facts.quantization !== 'none' ? `${facts.quantization} weights` : undefined;
  setFact('#model-size', facts.sizeBytes === undefined ? '—' : formatBytes(facts.sizeBytes), quantization);
  setFact('#model-parameters', facts.parameters === undefined ? '—' : formatCount(facts.parameters), 'trainable weights');
  setFact('#backend', facts.backend, backendNote ?? BACKEND_DESCRIPTIONS[facts.backend]);
}

const BACKEND_DESCRIPTIONS: Record<string, string> = {
  webgl: 'GPU, via WebGL',
  wasm: 'CPU, via WebAssembly',
  cpu: 'CPU, plain JavaScript',
  tensorflow: 'native TensorFlow',
};

/** Writes a fact: its value, and a smaller line of detail under it. */
export function setFact(selector: string, value: string, detail?: string): void {
  const element = required(selector);
  const main = document.createElement('span');
  main.className = 'fact-value';
  main.textContent = value;
  element.replaceChildren(main);
  if (detail) {
    const small = document.createElement('small');
    small.className = 'fact-detail';
    small.textContent = detail;
    element.append(small);
  }
}
