import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

/** Name of the tfjs backend whose kernels this module calls and extends. */
export const WASM_BACKEND_NAME = 'wasm';

/** The attribute bag accepted by tfjs kernel functions. */
export type KernelAttrs = tf.NamedAttrMap;

/**
 * Runs one of the wasm backend's own kernels directly (not through the engine, so nothing
 * is recorded on the gradient tape). The caller owns the returned tensor info and must free
 * it with {@link disposeWasmTensor} unless it is the kernel's final output.
 */
export function runWasmKernel(
  kernelName: string,
  backend: BackendWasm,
  inputs: tf.NamedTensorInfoMap,
  attrs: KernelAttrs = {},
): tf.TensorInfo {
  const config = tf.getKernel(kernelName, WASM_BACKEND_NAME);
  if (config === undefined) {
    throw new Error(
      `Expected the wasm backend to provide the '${kernelName}' kernel, but it is not registered. ` +
        'Import @tensorflow/tfjs-backend-wasm 4.22.x before training on wasm.',
    );
  }
  const out = config.kernelFunc({ inputs, backend, attrs });
  if (Array.isArray(out)) {
    throw new Error(`Expected the wasm '${kernelName}' kernel to return one tensor, found ${out.length}.`);
  }
  return out;
}

/** Frees (decrements the reference count of) an intermediate tensor made by {@link runWasmKernel}. */
export function disposeWasmTensor(backend: BackendWasm, info: tf.TensorInfo): void {
  backend.disposeData(info.dataId);
}

/** A float32 view of a wasm tensor's memory. Invalidated by any later allocation that grows the heap. */
export function heapView(backend: BackendWasm, info: tf.TensorInfo): Float32Array {
  return backend.typedArrayFromHeap(info) as Float32Array;
}
