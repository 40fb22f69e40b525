import { definePackageTests } from '../../config/vitest.ts';

// Trials train real (small) models: up to two minutes each on a loaded machine.
export default definePackageTests({ testTimeoutMs: 120_000 });
