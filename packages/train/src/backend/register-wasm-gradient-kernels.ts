import * as tf from '@tensorflow/tfjs';
import { batchMatMulWasmConfig } from './batch-mat-mul-wasm.js';
import { castWasmConfig } from './cast-wasm.js';
import { registerBroadcastReductionGradients } from './broadcast-reduction-gradients.js';
import { conv2DBackpropFilterWasmConfig } from './conv2d-backprop-filter-wasm.js';
import { conv2DBackpropInputWasmConfig } from './conv2d-backprop-input-wasm.js';
import { identityWasmConfig } from './identity-wasm.js';
import { maxPoolGradWasmConfig } from './max-pool-grad-wasm.js';
import { rememberOriginalKernel } from './original-wasm-kernels.js';
import { meanWasmConfig } from './mean-wasm.js';
import { sumWasmConfig } from './sum-wasm.js';
import { tileWasmConfig } from './tile-wasm.js';
import { WASM_BACKEND_NAME } from './wasm-kernel-call.js';

/** The kernels this package adds to (or replaces in) the tfjs wasm backend. */
export const WASM_GRADIENT_KERNELS: readonly tf.KernelConfig[] = [
  conv2DBackpropFilterWasmConfig,
  conv2DBackpropInputWasmConfig,
  maxPoolGradWasmConfig,
  batchMatMulWasmConfig,
  sumWasmConfig,
  meanWasmConfig,
  tileWasmConfig,
  identityWasmConfig,
  castWasmConfig,
];

/**
 * Marks this package's kernel functions, across copies of the package (an ESM and a CJS
 * build loaded side by side share the kernel registry but not module state).
 */
const PACKAGE_KERNEL = Symbol.for('@mnist/train:wasm-kernel');
for (const config of WASM_GRADIENT_KERNELS) {
  Object.defineProperty(config.kernelFunc, PACKAGE_KERNEL, { value: true });
}

function isPackageKernel(kernelFunc: tf.KernelFunc): boolean {
  return (kernelFunc as unknown as Record<symbol, unknown>)[PACKAGE_KERNEL] === true;
}

/** Names of the kernels registered by {@link registerWasmGradientKernels}. */
export const WASM_GRADIENT_KERNEL_NAMES: readonly string[] = WASM_GRADIENT_KERNELS.map((k) => k.kernelName);

/**
 * Registers this package's implementations of the gradient kernels the tfjs wasm backend
 * (4.22) lacks or runs slowly, so that `tf.variableGrads` / `model.fit` work on wasm.
 * Replaced kernels keep the backend's original for the cases they do not specialise.
 * Also replaces the `Mean` and `Sum` gradients with ones that broadcast instead of multiplying
 * by a full-size array of ones (same values; see `registerBroadcastReductionGradients`).
 * Idempotent: calling it again, or after another copy of this package (ESM and CJS builds
 * side by side) registered them, changes nothing and prints no warning.
 */
export function registerWasmGradientKernels(): void {
  registerBroadcastReductionGradients();
  for (const config of WASM_GRADIENT_KERNELS) {
    const existing = tf.getKernel(config.kernelName, WASM_BACKEND_NAME);
    // Already ours, or registered by another copy of this package (which keeps its own
    // record of the backend's originals): leave it.
    if (existing !== undefined && isPackageKernel(existing.kernelFunc)) continue;
    let setupFunc: tf.KernelSetupFunc | undefined;
    if (existing !== undefined) {
      // Keep the backend's own kernel for the cases a replacement hands back to it, and its
      // setup (binding its wasm export), which must still run when the backend initialises
      // after this call.
      rememberOriginalKernel(config.kernelName, existing.kernelFunc);
      setupFunc = existing.setupFunc;
      tf.unregisterKernel(config.kernelName, WASM_BACKEND_NAME);
    }
    tf.registerKernel(setupFunc === undefined ? config : { ...config, setupFunc });
  }
}
