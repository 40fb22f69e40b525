import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { callOriginalKernel, type KernelArgs } from './original-wasm-kernels.js';
import { WASM_BACKEND_NAME } from './wasm-kernel-call.js';

/**
 * `Identity` for the wasm backend that shares the input's buffer (one more reference) instead
 * of copying it, as the `cpu` backend and the wasm `Reshape` kernel do. tfjs runs Identity
 * for every `clone` and on custom-gradient outputs (fused convolutions, batch norm); the 4.22
 * kernel copies whole activations each time. No wasm kernel writes into its inputs, so
 * sharing is safe. Strings keep the backend's own kernel.
 */
export function identityWasm(args: KernelArgs): tf.TensorInfo {
  const { x } = args.inputs as { x: tf.TensorInfo };
  if (x.dtype === 'string') return callOriginalKernel(tf.Identity, args);
  (args.backend as BackendWasm).incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
}

/** Kernel registration for {@link identityWasm}. */
export const identityWasmConfig: tf.KernelConfig = {
  kernelName: tf.Identity,
  backendName: WASM_BACKEND_NAME,
  kernelFunc: identityWasm as unknown as tf.KernelFunc,
};
