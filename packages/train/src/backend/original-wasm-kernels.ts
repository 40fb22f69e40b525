import type * as tf from '@tensorflow/tfjs';

/**
 * The wasm backend's own implementations of kernels that this package replaces, captured at
 * registration time, so a replacement can hand the cases it does not specialise (odd data
 * formats, explicit paddings) back to the original.
 */
const originals = new Map<string, tf.KernelFunc>();

/** Remembers `kernelFunc` as the backend's original implementation of `kernelName`. */
export function rememberOriginalKernel(kernelName: string, kernelFunc: tf.KernelFunc): void {
  originals.set(kernelName, kernelFunc);
}


/** Arguments of a tfjs kernel function. */
export interface KernelArgs {
  inputs: tf.NamedTensorInfoMap;
  backend: unknown;
  attrs?: tf.NamedAttrMap;
}

/**
 * Hands a call to the backend's original implementation of `kernelName` (for the cases a
 * replacement does not specialise); throws if there is none.
 */
export function callOriginalKernel(kernelName: string, args: KernelArgs): tf.TensorInfo {
  const original = originals.get(kernelName);
  if (original === undefined) {
    throw new Error(
      `${kernelName} on wasm: expected the backend's own kernel to be registered before this package's, found none. ` +
        'Import @tensorflow/tfjs-backend-wasm before calling registerWasmGradientKernels().',
    );
  }
  return original(args as unknown as Parameters<tf.KernelFunc>[0]) as tf.TensorInfo;
}
