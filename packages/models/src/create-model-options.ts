/** Options accepted by every architecture in the registry. */
export interface CreateModelOptions {
  /**
   * Makes the initial weights deterministic: every layer gets a seeded initializer whose seed is
   * derived from this value and the layer's position. Omit for fresh random weights.
   */
  seed?: number;
  /** Input shape `[rows, cols, channels]`; defaults to {@link MNIST_INPUT_SHAPE}. */
  inputShape?: [number, number, number];
  /** Number of output classes; defaults to {@link MNIST_CLASS_COUNT}. */
  numClasses?: number;
  /** Activation of the hidden layers (default `relu`); `silu` is another name for `swish`. */
  activation?: ActivationName;
  /**
   * Dropout rate (fraction of units dropped, in [0, 1)) before the output layer. Default: the
   * architecture's own (`cnn-bn`: 0.4 there and 0.25 on the flattened features; the others: none).
   */
  dropout?: number;
  /** Filters of each convolution, one number per convolution (`cnn-fast`, `cnn-small`, `cnn`: 2; `cnn-bn`: 3; `mlp`: none). */
  filters?: readonly number[];
  /** Units of the hidden dense layer(s). */
  denseUnits?: number;
  /** Batch normalisation after each hidden layer (default: on for `cnn-bn`, off for the others). */
  batchNorm?: boolean;
}

/** Activations the architectures accept for their hidden layers. */
export const ACTIVATIONS = ['relu', 'elu', 'gelu', 'swish', 'silu'] as const;
/** Name of a hidden-layer activation. */
export type ActivationName = (typeof ACTIVATIONS)[number];

/** Image rows of an MNIST digit, in pixels. */
export const MNIST_IMAGE_ROWS = 28;
/** Image columns of an MNIST digit, in pixels. */
export const MNIST_IMAGE_COLS = 28;
/** MNIST images are greyscale: one channel. */
export const MNIST_IMAGE_CHANNELS = 1;
/** Default model input shape `[rows, cols, channels]`. */
export const MNIST_INPUT_SHAPE: readonly [number, number, number] = [MNIST_IMAGE_ROWS, MNIST_IMAGE_COLS, MNIST_IMAGE_CHANNELS];
/** Default number of output classes (digits 0 to 9). */
export const MNIST_CLASS_COUNT = 10;
