import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { ReleaseSetupError } from './release-errors.js';

/** Where @mnist/infer lives inside the monorepo. */
export const INFER_PACKAGE_DIR = join('packages', 'infer');
/** The script of @mnist/infer that turns a model directory into its bundled default model. */
export const BUNDLE_SCRIPT = join('scripts', 'bundle-model.mjs');
/** Environment variable naming the repository root `mnist release` writes into (tests point it at a copy). */
export const REPO_ROOT_ENV = 'MNIST_REPO_ROOT';

function isRepoRoot(dir: string): boolean {
  return existsSync(join(dir, 'pnpm-workspace.yaml')) && existsSync(join(dir, INFER_PACKAGE_DIR, BUNDLE_SCRIPT));
}

/**
 * The monorepo root `mnist release` works on: `explicit` (the hidden `--repo-root` flag or
 * `MNIST_REPO_ROOT`) when given, else the nearest directory above `start` holding
 * pnpm-workspace.yaml and packages/infer/scripts/bundle-model.mjs.
 * @throws ReleaseSetupError when there is none.
 */
export function findRepoRoot(start: string, explicit?: string): string {
  if (explicit !== undefined) {
    const dir = resolve(start, explicit);
    if (!isRepoRoot(dir)) {
      throw new ReleaseSetupError(
        `Expected ${dir} to be the project's repository (pnpm-workspace.yaml and ${join(INFER_PACKAGE_DIR, BUNDLE_SCRIPT)}), but it is not. Point --repo-root at a checkout of the project.`,
      );
    }
    return dir;
  }
  let dir = resolve(start);
  for (;;) {
    if (isRepoRoot(dir)) return dir;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  throw new ReleaseSetupError(
    `Expected to run inside a checkout of the project (a directory with pnpm-workspace.yaml and ${join(INFER_PACKAGE_DIR, BUNDLE_SCRIPT)}), ` +
      `but found none above ${resolve(start)}. Run mnist release from the repository.`,
  );
}
