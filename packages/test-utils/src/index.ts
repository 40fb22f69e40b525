export { createTestRng } from './create-rng.js';
export { drawRing } from './draw-ring.js';
export { type IdxContents, readIdx, writeIdx } from './idx.js';
export { type LoopbackServer, startLoopbackServer, startStaticServer } from './loopback-server.js';
export {
  MNIST_PIXELS_PER_IMAGE,
  MNIST_SIDE_PX,
  MNIST_TEST_COUNT,
  type MnistTestSet,
  mnistDataDir,
  mnistTestDigit,
  readMnistTestSet,
} from './mnist-test-set.js';
