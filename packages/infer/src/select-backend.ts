import * as tf from '@tensorflow/tfjs';
import { BackendUnavailableError } from './errors.js';

/** A tfjs backend @mnist/infer can run on. `tensorflow` is `@tensorflow/tfjs-node` (Node only). */
export type BackendName = 'webgl' | 'wasm' | 'cpu' | 'tensorflow';

/** Where the tfjs-backend-wasm `.wasm` files are: a directory URL (ending in `/`) or a map of file name to URL. */
export type WasmPaths = string | Record<string, string>;

const TFJS_NODE_PACKAGE = '@tensorflow/tfjs-node';

/** True in Node (and Node-compatible runtimes), false in browsers and workers. */
export function isNode(): boolean {
  const p = (globalThis as { process?: { versions?: { node?: string } } }).process;
  return typeof p?.versions?.node === 'string' && typeof (globalThis as { window?: unknown }).window === 'undefined';
}

/** The order `loadRecognizer` tries backends in when none is requested. */
export function backendPreference(): BackendName[] {
  return isNode() ? ['tensorflow', 'wasm', 'cpu'] : ['webgl', 'wasm', 'cpu'];
}

function message(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
}

async function prepare(name: BackendName, wasmPaths: WasmPaths | undefined): Promise<void> {
  if (name === 'tensorflow') {
    // A variable specifier keeps bundlers from resolving the optional native package.
    const specifier = TFJS_NODE_PACKAGE;
    await import(/* @vite-ignore */ /* webpackIgnore: true */ specifier);
  } else if (name === 'wasm') {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    if (wasmPaths !== undefined) wasm.setWasmPaths(wasmPaths as string);
  }
}

async function trySetBackend(name: BackendName, wasmPaths: WasmPaths | undefined): Promise<string | undefined> {
  try {
    await prepare(name, wasmPaths);
    if (tf.findBackendFactory(name) === null && tf.findBackend(name) === null) return 'it is not registered';
    if (!(await tf.setBackend(name))) return 'it did not initialise';
    await tf.ready();
    return undefined;
  } catch (error) {
    return message(error);
  }
}

/**
 * Installs a tfjs backend and returns its name. With `requested`, only that one is tried and a
 * failure throws {@link BackendUnavailableError}; otherwise the fastest that works is used
 * (browser: webgl, wasm, cpu; Node: tensorflow (tfjs-node), wasm, cpu).
 */
export async function selectBackend(requested?: BackendName, wasmPaths?: WasmPaths): Promise<BackendName> {
  if (requested !== undefined) {
    if (!['webgl', 'wasm', 'cpu', 'tensorflow'].includes(requested)) {
      throw new BackendUnavailableError(String(requested), "it is not one of 'webgl', 'wasm', 'cpu', 'tensorflow'");
    }
    const failure = await trySetBackend(requested, wasmPaths);
    if (failure !== undefined) throw new BackendUnavailableError(requested, failure);
    return requested;
  }
  const failures: string[] = [];
  for (const name of backendPreference()) {
    const failure = await trySetBackend(name, wasmPaths);
    if (failure === undefined) return name;
    failures.push(`${name}: ${failure}`);
  }
  throw new BackendUnavailableError('any', failures.join('; '));
}
