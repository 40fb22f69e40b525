import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** File name of the built worker script, without extension (see tsup.config.ts). */
export const GRADIENT_WORKER_BASENAME = 'gradient-worker';

/**
 * Path of the built gradient-worker script that matches the module format of the caller:
 * `gradient-worker.cjs` beside a CommonJS bundle, `gradient-worker.js` beside an ES module
 * bundle. When running from the TypeScript sources (tests), the package's `dist/` is used.
 */
export function gradientWorkerPath(): string {
  const commonJs = typeof __filename === 'string';
  const here = commonJs ? dirname(__filename) : dirname(fileURLToPath(import.meta.url));
  const file = `${GRADIENT_WORKER_BASENAME}.${commonJs ? 'cjs' : 'js'}`;
  const candidates = [join(here, file), resolve(here, '../../../dist', file)];
  const found = candidates.find((candidate) => existsSync(candidate));
  if (found === undefined) {
    throw new Error(
      `Expected the gradient worker script at ${candidates.join(' or ')}, found neither. ` +
        'Build @mnist/train (pnpm --filter @mnist/train build) before using data-parallel training from its sources.',
    );
  }
  return found;
}
