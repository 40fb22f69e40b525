import * as tf from '@tensorflow/tfjs-core';
// Static, not `await import()`: a dependency found only at run time makes Vite's dev server
// re-optimise and reload the page on first visit.
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { bundledWasmUrls } from './bundled-assets.js';
import { BackendUnavailableError } from './errors.js';
import { type BackendName, backendPreference, isNode, type WasmPaths } from './platform.js';


const BACKEND_NAMES: readonly BackendName[] = ['webgl', 'wasm', 'cpu', 'tensorflow'];
/** Optional packages loaded by name only where they are installed (Node); bundlers never see them. */
const OPTIONAL_PACKAGE: Partial<Record<BackendName, string>> = {
  tensorflow: '@tensorflow/tfjs-node',
  cpu: '@tensorflow/tfjs-backend-cpu',
};
/** The first bytes of every WebAssembly module. */
const WASM_MAGIC = [0x00, 0x61, 0x73, 0x6d];

function message(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
}

/** tfjs-core's engine fields this module reads and swaps (stable across tfjs 4.x). */
interface EngineInternals {
  /** Unset (undefined) until some code first uses or sets a backend. */
  backendName: string | null | undefined;
  backendInstance: tf.KernelBackend | null | undefined;
  registry: Record<string, tf.KernelBackend>;
  registryFactory: Record<string, unknown>;
}

function engine(): EngineInternals {
  const e = tf.engine() as unknown as EngineInternals;
  if (typeof e.registry !== 'object' || typeof e.registryFactory !== 'object') {
    throw new BackendUnavailableError('any', 'this version of @tensorflow/tfjs-core has an engine @mnist/infer does not know (use 4.x)');
  }
  return e;
}

/**
 * Runs `fn` with `backend` as tfjs' current backend and puts the app's backend (or the absence of
 * one) back before returning, so a recogniser never changes the host app's global backend. `fn`
 * must be synchronous: nothing else can run while the backend is swapped.
 */
export function runOnBackend<T>(backend: tf.KernelBackend, name: string, fn: () => T): T {
  const e = engine();
  const previousName = e.backendName;
  const previousInstance = e.backendInstance;
  if (previousInstance === backend) return fn();
  e.backendName = name;
  e.backendInstance = backend;
  try {
    return fn();
  } finally {
    e.backendName = previousName;
    e.backendInstance = previousInstance;
  }
}

/** As {@link runOnBackend} for an asynchronous step (model loading): swapped until it settles. */
export async function runOnBackendAsync<T>(backend: tf.KernelBackend, name: string, fn: () => Promise<T>): Promise<T> {
  const e = engine();
  const previousName = e.backendName;
  const previousInstance = e.backendInstance;
  if (previousInstance === backend) return fn();
  e.backendName = name;
  e.backendInstance = backend;
  try {
    return await fn();
  } finally {
    e.backendName = previousName;
    e.backendInstance = previousInstance;
  }
}

async function importOptional(name: BackendName): Promise<void> {
  const specifier = OPTIONAL_PACKAGE[name];
  if (specifier === undefined || !isNode()) return;
  try {
    // A variable specifier keeps bundlers from resolving packages browsers never load.
    await import(/* @vite-ignore */ /* webpackIgnore: true */ specifier);
  } catch (error) {
    if (name === 'tensorflow') throw error;
  }
}

/** Which of tfjs-backend-wasm's binaries this page will ask for (tfjs' own feature tests). */
async function wasmFileName(): Promise<string> {
  const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
  const threads = await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT');
  if (simd && threads) return 'tfjs-backend-wasm-threaded-simd.wasm';
  return simd ? 'tfjs-backend-wasm-simd.wasm' : 'tfjs-backend-wasm.wasm';
}

/** Explains a failed wasm initialisation: the URL tfjs asked for and what came back. */
async function diagnoseWasm(paths: WasmPaths): Promise<string> {
  const file = await wasmFileName();
  const url = typeof paths === 'string' ? new URL(file, new URL(paths, globalThis.location?.href)).href : paths[file];
  if (url === undefined) return `the wasm paths give no URL for ${file}`;
  try {
    const response = await fetch(url);
    const head = new Uint8Array(await response.arrayBuffer()).subarray(0, 4);
    const hex = Array.from(head, (b) => b.toString(16).padStart(2, '0')).join(' ');
    const type = response.headers.get('content-type') ?? 'no content type';
    if (!response.ok) return `${url} answered HTTP ${response.status} (${type})`;
    if (WASM_MAGIC.some((b, i) => head[i] !== b)) {
      return `${url} answered HTTP ${response.status} (${type}) with bytes ${hex || '(none)'} instead of a WebAssembly module (00 61 73 6d): the server sent another file, often its HTML fallback page`;
    }
    return `${url} is a WebAssembly module (HTTP ${response.status}, ${type}), but the browser could not instantiate it (check the page's Content-Security-Policy allows 'wasm-unsafe-eval')`;
  } catch (error) {
    return `requesting ${url} failed (${message(error)})`;
  }
}

/** The wasm binaries' location: the app's `wasmPaths`, else the files emitted by the app's bundler. */
async function configureWasm(wasmPaths: WasmPaths | undefined): Promise<WasmPaths | undefined> {
  if (isNode() && wasmPaths === undefined) return undefined; // Node reads them from the installed package.
  const paths = wasmPaths ?? bundledWasmUrls();
  if (engine().registry.wasm === undefined) setWasmPaths(paths as string);
  return paths;
}

/** tfjs-backend-cpu prints a "use tfjs-node" banner on first use in Node; running on cpu is this package's choice, not news for the app's users. */
function quietCpuBanner(backend: tf.KernelBackend): void {
  if ('firstUse' in backend) (backend as { firstUse: boolean }).firstUse = false;
}

/** The initialised backend called `name`, created without making it tfjs' current backend. */
async function initialise(name: BackendName, wasmPaths: WasmPaths | undefined): Promise<tf.KernelBackend> {
  let paths: WasmPaths | undefined;
  if (name === 'wasm') paths = await configureWasm(wasmPaths);
  else await importOptional(name);
  // Not tf.findBackend: it would start initialising a registered backend as a side effect.
  const existing = engine().registry[name];
  if (existing !== undefined) {
    quietCpuBanner(existing);
    return existing;
  }
  const factory = tf.findBackendFactory(name);
  if (factory === null) {
    const fix =
      name === 'tensorflow'
        ? 'install @tensorflow/tfjs-node'
        : `import '@tensorflow/tfjs-backend-${name}' in the app to register it`;
    throw new Error(`it is not registered (${fix})`);
  }
  let backend: tf.KernelBackend;
  try {
    backend = await factory();
  } catch (error) {
    if (name === 'wasm' && paths !== undefined) throw new Error(await diagnoseWasm(paths));
    throw error;
  }
  // What tfjs' setBackend does on first use, without touching the current backend.
  engine().registry[name] = backend;
  for (const kernel of tf.getKernelsForBackend(name)) kernel.setupFunc?.(backend);
  quietCpuBanner(backend);
  return backend;
}

/** A backend chosen for one recogniser. */
export interface SelectedBackend {
  name: BackendName;
  backend: tf.KernelBackend;
}

/**
 * Initialises a tfjs backend for a recogniser without making it tfjs' current backend. With
 * `requested`, only that one is tried and a failure throws {@link BackendUnavailableError} (for
 * wasm: the URL tried and what came back); otherwise the first that works of
 * {@link backendPreference}.
 */
export async function selectBackend(requested?: BackendName, wasmPaths?: WasmPaths): Promise<SelectedBackend> {
  if (requested !== undefined) {
    if (!BACKEND_NAMES.includes(requested)) {
      throw new BackendUnavailableError(String(requested), `it is not one of ${BACKEND_NAMES.map((n) => `'${n}'`).join(', ')}`);
    }
    try {
      return { name: requested, backend: await initialise(requested, wasmPaths) };
    } catch (error) {
      throw new BackendUnavailableError(requested, message(error));
    }
  }
  const failures: string[] = [];
  for (const name of backendPreference()) {
    try {
      return { name, backend: await initialise(name, wasmPaths) };
    } catch (error) {
      failures.push(`${name}: ${message(error)}`);
    }
  }
  throw new BackendUnavailableError('any', failures.join('; '));
}
