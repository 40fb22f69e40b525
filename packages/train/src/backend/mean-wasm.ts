import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { leadingAxesLayout, reduceLeadingAxes } from './leading-axes-reduce.js';
import { callOriginalKernel, type KernelArgs } from './original-wasm-kernels.js';
import { WASM_BACKEND_NAME } from './wasm-kernel-call.js';

/**
 * `Mean` for the wasm backend with a fast path for float32 reductions over the leading axes
 * (batch-norm moments average over [batch, rows, cols]). Every other reduction goes to the
 * backend's own kernel.
 */
export function meanWasm(args: KernelArgs): tf.TensorInfo {
  const { x } = args.inputs as { x: tf.TensorInfo };
  const attrs = (args.attrs ?? {}) as unknown as tf.MeanAttrs;
  const layout = x.dtype === 'float32' ? leadingAxesLayout(x.shape, attrs.axis, attrs.keepDims) : undefined;
  if (layout === undefined) return callOriginalKernel(tf.Mean, args);
  return reduceLeadingAxes(args.backend as BackendWasm, x, layout, 1 / layout.rows);
}

/** Kernel registration for {@link meanWasm}. */
export const meanWasmConfig: tf.KernelConfig = {
  kernelName: tf.Mean,
  backendName: WASM_BACKEND_NAME,
  kernelFunc: meanWasm as unknown as tf.KernelFunc,
};
