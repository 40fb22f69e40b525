import { isAbsolute, relative, sep } from 'node:path';

/**
 * How a path is shown to the user: relative to `cwd` when it lies inside it (`models/cnn-small`), else
 * absolute (`/tmp/model`, not `../../tmp/model`).
 */
export function displayPath(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  if (rel === '') return '.';
  if (rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) return path;
  return rel;
}
