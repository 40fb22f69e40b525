import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PACKAGE_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Tests of the published artefacts need `dist/`; say so plainly instead of failing obscurely. */
export function requireBuild(): void {
  for (const file of ['dist/index.js', 'dist/index.cjs']) {
    if (!existsSync(join(PACKAGE_DIR, file))) {
      throw new Error(`Expected ${file} to exist, but it does not. Run \`pnpm --filter @mnist/infer build\` first.`);
    }
  }
}
