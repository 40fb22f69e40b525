// A vitest setup file (`definePackageTests({ setupFiles: ['@mnist/test-utils/tfjs-cpu-setup'] })`):
// every test file starts on TensorFlow.js' plain cpu backend, the reference the faster kernels
// are compared with. Tests that need another backend select it themselves.
import * as tf from '@tensorflow/tfjs';

await tf.setBackend('cpu');
