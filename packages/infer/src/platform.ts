/** A tfjs backend @mnist/infer can run on. `tensorflow` is `@tensorflow/tfjs-node` (Node only). */
export type BackendName = 'webgl' | 'wasm' | 'cpu' | 'tensorflow';

/** Where the tfjs-backend-wasm `.wasm` files are: a directory URL (ending in `/`) or a map of file name to URL. */
export type WasmPaths = string | Record<string, string>;

/** True in Node (and Node-compatible runtimes), false in browsers and workers. */
export function isNode(): boolean {
  const p = (globalThis as { process?: { versions?: { node?: string } } }).process;
  return typeof p?.versions?.node === 'string' && typeof (globalThis as { window?: unknown }).window === 'undefined';
}

/**
 * The order `loadRecognizer` tries backends in when none is requested. Browsers: wasm (SIMD, and
 * threads on cross-origin-isolated pages), then cpu if the app registered it; for this small network
 * wasm beats WebGL (and never falls into software-emulated WebGL), so WebGL is used only when asked
 * for. Node: tfjs-node when installed, then wasm, then cpu.
 */
export function backendPreference(): BackendName[] {
  return isNode() ? ['tensorflow', 'wasm', 'cpu'] : ['wasm', 'cpu'];
}
