import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { leadingAxesLayout, reduceLeadingAxes } from './leading-axes-reduce.js';
import { callOriginalKernel, type KernelArgs } from './original-wasm-kernels.js';
import { WASM_BACKEND_NAME } from './wasm-kernel-call.js';

/**
 * `Sum` for the wasm backend with a fast path for float32 reductions over the leading axes
 * (the bias gradient of every Conv2D/Dense layer sums dy over [batch, rows, cols]). Every
 * other reduction goes to the backend's own kernel.
 */
export function sumWasm(args: KernelArgs): tf.TensorInfo {
  const { x } = args.inputs as { x: tf.TensorInfo };
  const attrs = (args.attrs ?? {}) as unknown as tf.SumAttrs;
  const layout = x.dtype === 'float32' ? leadingAxesLayout(x.shape, attrs.axis, attrs.keepDims) : undefined;
  if (layout === undefined) return callOriginalKernel(tf.Sum, args);
  return reduceLeadingAxes(args.backend as BackendWasm, x, layout, 1);
}

/** Kernel registration for {@link sumWasm}. */
export const sumWasmConfig: tf.KernelConfig = {
  kernelName: tf.Sum,
  backendName: WASM_BACKEND_NAME,
  kernelFunc: sumWasm as unknown as tf.KernelFunc,
};
