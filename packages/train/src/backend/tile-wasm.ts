import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { callOriginalKernel, type KernelArgs } from './original-wasm-kernels.js';
import { WASM_BACKEND_NAME } from './wasm-kernel-call.js';

function heapArray(backend: BackendWasm, info: tf.TensorInfo): Float32Array | Int32Array {
  return backend.typedArrayFromHeap(info) as Float32Array | Int32Array;
}

/**
 * `Tile` for the wasm backend by block copies (`copyWithin`, doubling), innermost axis first.
 * The gradient of batch normalisation tiles per-channel statistics to the activation's full
 * shape; the 4.22 kernel computes a multi-index per element, about 100 ns each, which made
 * `Tile` the most expensive kernel of a batch-norm training step.
 */
export function tileWasm(args: KernelArgs): tf.TensorInfo {
  const backend = args.backend as BackendWasm;
  const { x } = args.inputs as { x: tf.TensorInfo };
  const { reps } = (args.attrs ?? {}) as unknown as tf.TileAttrs;
  if ((x.dtype !== 'float32' && x.dtype !== 'int32') || reps.length !== x.shape.length) {
    return callOriginalKernel(tf.Tile, args);
  }
  const rank = x.shape.length;
  const outShape = x.shape.map((d, i) => d * reps[i]!);
  const out = backend.makeOutput(outShape, x.dtype);
  const src = heapArray(backend, x);
  const dst = heapArray(backend, out);
  if (dst.length === 0) return out;
  // Work inside dst, packed at its start: after processing axis d, the prefix holds the tensor
  // with axes d.. tiled and axes < d not yet tiled. Going from the innermost axis outwards,
  // every step expands each outer block in place, walking backwards so nothing is overwritten
  // before it is read.
  dst.set(src);
  let inner = 1; // elements of one slice below axis d, already tiled
  for (let d = rank - 1; d >= 0; d--) {
    const extent = x.shape[d]!;
    const rep = reps[d]!;
    const block = extent * inner;
    const outer = x.shape.slice(0, d).reduce((a, b) => a * b, 1);
    if (rep > 1) {
      for (let o = outer - 1; o >= 0; o--) {
        const from = o * block;
        const to = o * block * rep;
        if (to !== from) dst.copyWithin(to, from, from + block);
        let filled = block;
        const total = block * rep;
        while (filled < total) {
          const n = Math.min(filled, total - filled);
          dst.copyWithin(to + filled, to, to + n);
          filled += n;
        }
      }
    }
    inner = block * rep;
  }
  return out;
}

/** Kernel registration for {@link tileWasm}. */
export const tileWasmConfig: tf.KernelConfig = {
  kernelName: tf.Tile,
  backendName: WASM_BACKEND_NAME,
  kernelFunc: tileWasm as unknown as tf.KernelFunc,
};
