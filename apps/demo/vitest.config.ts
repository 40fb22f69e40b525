import { definePackageTests } from '../../config/vitest.ts';

// One headless Chromium for the whole suite (test files one at a time), and time to build the demo first.
export default definePackageTests({ serial: true, hookTimeoutMs: 180_000 });
