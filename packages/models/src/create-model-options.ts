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
}

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
