import { defineConfig } from 'vitest/config';

export interface PackageTestOptions {
  /** Files run before every test file (for example `@mnist/test-utils/tfjs-cpu-setup`). */
  setupFiles?: string[];
  /** Run test files one at a time (suites that drive one shared headless Chromium). */
  serial?: boolean;
  /** Longest one test may take, in milliseconds (default 60 s). */
  testTimeoutMs?: number;
  /** Longest a `beforeAll`/`afterAll` may take, in milliseconds (default 120 s: builds, model training). */
  hookTimeoutMs?: number;
}

/** One test timeout for the whole repository, in milliseconds: the machine may be slow and shared. */
const TEST_TIMEOUT_MS = 60_000;
const HOOK_TIMEOUT_MS = 120_000;

/**
 * The vitest config every workspace package shares: tests beside the code (`src/**\/*.test.ts`)
 * and end-to-end tests in `test/`. Each package's `test` script writes `test-results.json`
 * (read by scripts/test-summary.mjs).
 */
export function definePackageTests(options: PackageTestOptions = {}) {
  return defineConfig({
    test: {
      include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
      testTimeout: options.testTimeoutMs ?? TEST_TIMEOUT_MS,
      hookTimeout: options.hookTimeoutMs ?? HOOK_TIMEOUT_MS,
      setupFiles: options.setupFiles ?? [],
      ...(options.serial ? { fileParallelism: false } : {}),
    },
  });
}
