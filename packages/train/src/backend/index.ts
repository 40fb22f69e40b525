export { type BackendName, BackendUnavailableError } from './backend-unavailable-error.js';
export { conv2DBackpropFilterWasm } from './conv2d-backprop-filter-wasm.js';
export {
  registerWasmGradientKernels,
  WASM_GRADIENT_KERNEL_NAMES,
} from './register-wasm-gradient-kernels.js';
export { BACKEND_REQUESTS, type BackendInfo, type BackendRequest, selectBackend } from './select-backend.js';
export {
  type DataParallelOptions,
  DataParallelTrainer,
  defaultWorkerCount,
  GradientWorkerError,
  type ParallelBatch,
  type ParallelStepOptions,
} from './parallel/index.js';
