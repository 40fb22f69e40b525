export { CNN_DENSE_UNITS, createCnn } from './cnn.js';
export {
  CNN_BN_DENSE_DROPOUT,
  CNN_BN_DENSE_UNITS,
  CNN_BN_FEATURE_DROPOUT,
  CNN_BN_FILTERS,
  CNN_BN_KERNEL_SIZE,
  CNN_BN_MOMENTUM,
  CNN_BN_POOL_SIZE,
  createCnnBn,
} from './cnn-bn.js';
export {
  CNN_FAST_DENSE_UNITS,
  CNN_FAST_FILTERS,
  CNN_FAST_KERNEL_SIZE,
  CNN_FAST_POOL_SIZE,
  createCnnFast,
} from './cnn-fast.js';
export { CNN_SMALL_DENSE_UNITS, createCnnSmall } from './cnn-small.js';
export { countMultiplyAdds } from './count-multiply-adds.js';
export { createModel } from './create-model.js';
export {
  ACTIVATIONS,
  type ActivationName,
  type CreateModelOptions,
  MNIST_CLASS_COUNT,
  MNIST_IMAGE_CHANNELS,
  MNIST_IMAGE_COLS,
  MNIST_IMAGE_ROWS,
  MNIST_INPUT_SHAPE,
} from './create-model-options.js';
export { SIMPLE_CNN_FILTERS, SIMPLE_CNN_KERNEL_SIZE, SIMPLE_CNN_POOL_SIZE } from './create-simple-cnn.js';
export { InvalidModelOptionsError } from './invalid-model-options-error.js';
export { listModels, type ModelListing } from './list-models.js';
export { createMlp, MLP_HIDDEN_UNITS } from './mlp.js';
export { isModelName, MODEL_NAMES, MODELS, type ModelName, type ModelSpec } from './models.js';
export { MAX_MODEL_SEED, resolveModelOptions, type ResolvedModelOptions } from './resolve-model-options.js';
export { SUMMARY_LINE_LENGTH, summary } from './summary.js';
export { UnknownModelError } from './unknown-model-error.js';
