import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { callOriginalKernel, type KernelArgs } from './original-wasm-kernels.js';
import { WASM_BACKEND_NAME } from './wasm-kernel-call.js';

/**
 * `Cast` for the wasm backend that shares the input's buffer when the dtype does not change
 * (one more reference, as the package's `Identity` kernel does). The gradient of every ReLU casts its
 * float32 input to float32; the 4.22 kernel copies the whole activation for that. Casts to
 * bool follow the cpu backend (the 4.22 kernel wraps numbers into bytes instead); other
 * conversions keep the backend's own kernel.
 */
export function castWasm(args: KernelArgs): tf.TensorInfo {
  const { x } = args.inputs as { x: tf.TensorInfo };
  const { dtype } = (args.attrs ?? {}) as unknown as tf.CastAttrs;
  const backend = args.backend as BackendWasm;
  if (dtype === 'bool' && (x.dtype === 'float32' || x.dtype === 'int32')) {
    // The 4.22 kernel copies numbers into the bool bytes (2 -> 2, -2 -> 254); bool means
    // "not zero", as on the cpu backend (NaN is not zero).
    const out = backend.makeOutput(x.shape, 'bool');
    const src = backend.typedArrayFromHeap(x) as Float32Array | Int32Array;
    const dst = backend.typedArrayFromHeap(out) as Uint8Array;
    for (let i = 0; i < src.length; i++) dst[i] = src[i] !== 0 ? 1 : 0;
    return out;
  }
  if (x.dtype !== dtype || dtype === 'string') return callOriginalKernel(tf.Cast, args);
  backend.incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype };
}

/** Kernel registration for {@link castWasm}. */
export const castWasmConfig: tf.KernelConfig = {
  kernelName: tf.Cast,
  backendName: WASM_BACKEND_NAME,
  kernelFunc: castWasm as unknown as tf.KernelFunc,
};
