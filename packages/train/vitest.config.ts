import { definePackageTests } from '../../config/vitest.ts';

// Every test file starts on the cpu backend; tests of other backends select theirs.
export default definePackageTests({ setupFiles: ['@mnist/test-utils/tfjs-cpu-setup'] });
