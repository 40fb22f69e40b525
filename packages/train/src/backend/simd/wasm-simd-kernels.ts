import type * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { WASM_SIMD_KERNELS_BASE64 } from './wasm-simd-kernels-binary.js';

/**
 * The exports of `wasm-simd-kernels.wat`: SIMD loops that work in place on the wasm
 * backend's memory. Every pointer is a byte offset into that memory.
 */
export interface WasmSimdKernels {
  /** See the .wat source. Returns the number of undecided lanes (0 when the result is complete). */
  maxPoolGrad2x2(
    x: number,
    y: number,
    dy: number,
    dx: number,
    batch: number,
    inHeight: number,
    inWidth: number,
    channels: number,
    outHeight: number,
    outWidth: number,
  ): number;
  /** See the .wat source; `inner` must be a multiple of 4 and `acc` hold `inner` float64 values. */
  sumLeadingAxes(src: number, rows: number, inner: number, acc: number, out: number, scale: number): void;
  /** See the .wat source: three taps x sixteen channels of a one-channel filter gradient. */
  filterGradOneChannel(
    x: number,
    dy: number,
    batch: number,
    inHeight: number,
    inWidth: number,
    outHeight: number,
    outWidth: number,
    channels: number,
    strideHeight: number,
    strideWidth: number,
    f0: number,
    kh0: number,
    kw0: number,
    out0: number,
    kh1: number,
    kw1: number,
    out1: number,
    kh2: number,
    kw2: number,
    out2: number,
  ): void;
}

const instances = new WeakMap<object, WasmSimdKernels | null>();
let enabled = true;

function decodeBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function instantiate(backend: BackendWasm): WasmSimdKernels | null {
  // The backend's emscripten module keeps its instance's exports, the memory among them.
  const memory = (backend.wasm as unknown as { asm?: { memory?: unknown } }).asm?.memory;
  if (!(memory instanceof WebAssembly.Memory)) return null;
  const bytes = decodeBase64(WASM_SIMD_KERNELS_BASE64);
  // Engines without WebAssembly SIMD reject the module; the JavaScript loops then run.
  if (!WebAssembly.validate(bytes)) return null;
  try {
    const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } });
    return instance.exports as unknown as WasmSimdKernels;
  } catch {
    // A shared memory (the multi-threaded backend build) does not match the import.
    return null;
  }
}

/**
 * The SIMD kernels bound to `backend`'s memory, or `undefined` when they cannot run there
 * (no WebAssembly SIMD, a multi-threaded backend build, or turned off with
 * {@link setWasmSimdKernelsEnabled}); callers then use their JavaScript loops, which give
 * the same results.
 */
export function wasmSimdKernels(backend: BackendWasm): WasmSimdKernels | undefined {
  if (!enabled) return undefined;
  let kernels = instances.get(backend);
  if (kernels === undefined) {
    kernels = instantiate(backend);
    instances.set(backend, kernels);
  }
  return kernels ?? undefined;
}

/** Turns the SIMD kernels on or off (on by default); tests use it to compare both paths. */
export function setWasmSimdKernelsEnabled(value: boolean): void {
  enabled = value;
}

/** The byte offset of a wasm tensor's data in the backend's memory. */
export function wasmPointer(backend: BackendWasm, info: tf.TensorInfo): number {
  return (backend.typedArrayFromHeap(info) as Float32Array).byteOffset;
}
