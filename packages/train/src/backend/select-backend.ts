import * as tf from '@tensorflow/tfjs';
import { type BackendName, BackendUnavailableError } from './backend-unavailable-error.js';
import { registerWasmGradientKernels } from './register-wasm-gradient-kernels.js';

/** What the caller asks for: a backend by name, or `auto` for the fastest that loads. */
export type BackendRequest = 'auto' | BackendName;

/** The backend that was installed, and why. */
export interface BackendInfo {
  name: BackendName;
  requested: BackendRequest;
  /** A sentence for humans: which backend runs and why that one. */
  reason: string;
  /** Why `@tensorflow/tfjs-node` did not load, when it was tried and failed. */
  tfjsNodeError?: string;
  /** Version of the backend package in use (`@tensorflow/tfjs-backend-wasm` or `@tensorflow/tfjs-node`), when it says. */
  version?: string;
}

/** Versions of the backend packages this module loaded, by backend name. */
const loadedVersions: Partial<Record<BackendName, string>> = {};
const withVersion = (info: BackendInfo): BackendInfo => {
  const version = loadedVersions[info.name];
  return version === undefined ? info : { ...info, version };
};

/** The accepted values of {@link BackendRequest}. */
export const BACKEND_REQUESTS: readonly BackendRequest[] = ['auto', 'tensorflow', 'wasm', 'cpu'];

const TFJS_NODE_PACKAGE = '@tensorflow/tfjs-node';
const WASM_PACKAGE = '@tensorflow/tfjs-backend-wasm';

/**
 * The first line of a loader error, with file system paths cut down to what follows the last
 * `node_modules/` (or to the file name): the text is recorded in metadata.json and published with
 * released models, so it must not carry the directory layout of the machine that trained them.
 */
export function errorText(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  // Loader errors can span many lines (require stacks); the first line says what failed.
  const firstLine = text.split('\n')[0]!.trim();
  return firstLine.replace(/(?<=^|[\s'"(])(?:file:\/\/)?(?:[A-Za-z]:)?[\\/][^\s'"()]*/g, (path) => {
    const marker = path.lastIndexOf('node_modules/');
    if (marker >= 0) return path.slice(marker + 'node_modules/'.length);
    const parts = path.split(/[\\/]/);
    return parts[parts.length - 1] || path;
  });
}

async function tryTensorflow(): Promise<string | undefined> {
  try {
    // A variable specifier keeps bundlers from trying to resolve the optional native package.
    const specifier = TFJS_NODE_PACKAGE;
    const node = (await import(/* @vite-ignore */ specifier)) as { version?: { 'tfjs-node'?: string } };
    if (typeof node.version?.['tfjs-node'] === 'string') loadedVersions.tensorflow = node.version['tfjs-node'];
    if (!(await tf.setBackend('tensorflow'))) return "the 'tensorflow' backend did not initialise";
    return undefined;
  } catch (error) {
    return errorText(error);
  }
}

async function tryWasm(): Promise<string | undefined> {
  try {
    const wasm = (await import(WASM_PACKAGE)) as { version_wasm?: string };
    if (typeof wasm.version_wasm === 'string') loadedVersions.wasm = wasm.version_wasm;
    registerWasmGradientKernels();
    if (!(await tf.setBackend('wasm'))) return "the 'wasm' backend did not initialise (its .wasm file may be missing)";
    return undefined;
  } catch (error) {
    return errorText(error);
  }
}

async function useCpu(): Promise<void> {
  if (!(await tf.setBackend('cpu'))) {
    throw new BackendUnavailableError('cpu', "the 'cpu' backend did not initialise", 'Reinstall @tensorflow/tfjs.');
  }
}

/**
 * Installs a tfjs backend for training and reports which one and why.
 *
 * - `auto` (default): `@tensorflow/tfjs-node` if it loads; otherwise `wasm` with this package's
 *   gradient kernels registered; otherwise `cpu`.
 * - `tensorflow`, `wasm`, `cpu`: exactly that backend, or a {@link BackendUnavailableError}.
 */
export async function selectBackend(requested: BackendRequest = 'auto'): Promise<BackendInfo> {
  if (!BACKEND_REQUESTS.includes(requested)) {
    throw new TypeError(
      `Expected a backend request of ${BACKEND_REQUESTS.map((r) => `'${r}'`).join(', ')}, found ${JSON.stringify(requested)}.`,
    );
  }
  if (requested === 'tensorflow') {
    const failure = await tryTensorflow();
    if (failure !== undefined) {
      throw new BackendUnavailableError(
        'tensorflow',
        failure,
        `Install ${TFJS_NODE_PACKAGE} (it needs a supported platform and downloads libtensorflow at install time), or use --backend auto or wasm.`,
      );
    }
    return withVersion({ name: 'tensorflow', requested, reason: `${TFJS_NODE_PACKAGE} loaded as requested; using native TensorFlow` });
  }
  if (requested === 'wasm') {
    const failure = await tryWasm();
    if (failure !== undefined) {
      throw new BackendUnavailableError(
        'wasm',
        failure,
        `Reinstall ${WASM_PACKAGE} (its dist folder must contain the .wasm files), or use --backend cpu.`,
      );
    }
    return withVersion({ name: 'wasm', requested, reason: 'wasm requested; using wasm with mnist gradient kernels' });
  }
  if (requested === 'cpu') {
    await useCpu();
    return { name: 'cpu', requested, reason: 'cpu requested; using the pure-JavaScript cpu backend (slow)' };
  }

  const tfjsNodeError = await tryTensorflow();
  if (tfjsNodeError === undefined) {
    return withVersion({ name: 'tensorflow', requested, reason: `${TFJS_NODE_PACKAGE} loaded; using native TensorFlow` });
  }
  // The usual case (an optional package that did not install) in plain words, without the loader's text.
  const notInstalled = /Cannot find (?:package|module) '@tensorflow\/tfjs-node'/.test(tfjsNodeError);
  const nodeReason = notInstalled ? 'tfjs-node not installed' : `tfjs-node failed to load (${tfjsNodeError})`;
  const wasmError = await tryWasm();
  if (wasmError === undefined) {
    return withVersion({ name: 'wasm', requested, reason: `${nodeReason}: using wasm with mnist gradient kernels`, tfjsNodeError: notInstalled ? 'not installed' : tfjsNodeError });
  }
  await useCpu();
  return {
    name: 'cpu',
    requested,
    reason: `${nodeReason}, and wasm failed too (${wasmError}): using the pure-JavaScript cpu backend (slow)`,
    tfjsNodeError: notInstalled ? 'not installed' : tfjsNodeError,
  };
}
