import { homedir } from 'node:os';
import { join } from 'node:path';

/** Sub-directory of the user's cache directory that holds downloaded datasets. */
export const CACHE_SUBDIRECTORY = 'mnist-ts';

/**
 * The directory downloads are cached in: `MNIST_CACHE_DIR` when set, else the OS convention
 * (`$XDG_CACHE_HOME` or `~/.cache` on Linux, `~/Library/Caches` on macOS, `%LOCALAPPDATA%` on
 * Windows) plus `mnist-ts`. Datasets go in a sub-directory named after the dataset.
 */
export function defaultCacheDir(
  env: Record<string, string | undefined> = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = homedir(),
): string {
  if (env.MNIST_CACHE_DIR) return env.MNIST_CACHE_DIR;
  if (platform === 'win32') return join(env.LOCALAPPDATA || join(home, 'AppData', 'Local'), CACHE_SUBDIRECTORY, 'Cache');
  if (platform === 'darwin') return join(home, 'Library', 'Caches', CACHE_SUBDIRECTORY);
  return join(env.XDG_CACHE_HOME || join(home, '.cache'), CACHE_SUBDIRECTORY);
}
