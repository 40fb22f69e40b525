import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { callOriginalKernel, type KernelArgs } from './original-wasm-kernels.js';
import { disposeWasmTensor, runWasmKernel, WASM_BACKEND_NAME } from './wasm-kernel-call.js';

/**
 * `BatchMatMul` for the wasm backend that keeps transposed products on XNNPACK. The 4.22
 * kernel sends `transposeA`/`transposeB` products (the two gradients of every Dense layer)
 * to a scalar loop, about 10x slower than its XNNPACK path; this transposes the operand
 * explicitly (a cheap copy) and calls the original kernel without transposes.
 */
export function batchMatMulWasm(args: KernelArgs): tf.TensorInfo {
  const backend = args.backend as BackendWasm;
  const { a, b } = args.inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
  const attrs = (args.attrs ?? {}) as unknown as tf.BatchMatMulAttrs;
  if ((!attrs.transposeA && !attrs.transposeB) || a.dtype !== 'float32' || b.dtype !== 'float32') {
    return callOriginalKernel(tf.BatchMatMul, args);
  }
  const swapLast = (info: tf.TensorInfo): tf.TensorInfo => {
    const rank = info.shape.length;
    const perm = [...Array(rank).keys()];
    perm[rank - 2] = rank - 1;
    perm[rank - 1] = rank - 2;
    return runWasmKernel('Transpose', backend, { x: info }, { perm });
  };
  const aT = attrs.transposeA ? swapLast(a) : a;
  const bT = attrs.transposeB ? swapLast(b) : b;
  const out = callOriginalKernel(tf.BatchMatMul, {
    inputs: { a: aT, b: bT },
    backend,
    attrs: { ...attrs, transposeA: false, transposeB: false } as unknown as tf.NamedAttrMap,
  });
  if (aT !== a) disposeWasmTensor(backend, aT);
  if (bT !== b) disposeWasmTensor(backend, bT);
  return out;
}

/** Kernel registration for {@link batchMatMulWasm}. */
export const batchMatMulWasmConfig: tf.KernelConfig = {
  kernelName: tf.BatchMatMul,
  backendName: WASM_BACKEND_NAME,
  kernelFunc: batchMatMulWasm as unknown as tf.KernelFunc,
};
