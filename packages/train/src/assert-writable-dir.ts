import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { OutputDirError } from './errors/index.js';

/**
 * Checks, without creating anything, that `dir` can be created or written: it is a directory (or does not
 * exist yet) and its nearest existing ancestor is a writable directory.
 * @throws OutputDirError naming the path that is in the way.
 */
export async function assertWritableDir(dir: string): Promise<void> {
  let current = resolve(dir);
  for (;;) {
    let isDirectory: boolean;
    try {
      isDirectory = (await stat(current)).isDirectory();
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') {
        const parent = dirname(current);
        if (parent === current) throw new OutputDirError(dir, 'no part of the path exists', 'Choose another path.');
        current = parent;
        continue;
      }
      if (code === 'ENOTDIR') {
        current = dirname(current);
        continue;
      }
      throw new OutputDirError(dir, `${current} cannot be read (${code ?? String(error)})`, 'Choose another path.');
    }
    if (!isDirectory) {
      throw new OutputDirError(
        dir,
        `${current} exists and is a file, not a directory`,
        'Choose an output path that is (or will be created inside) a directory.',
      );
    }
    try {
      await access(current, constants.W_OK);
    } catch {
      throw new OutputDirError(dir, `${current} is not writable`, 'Choose a writable location or fix its permissions.');
    }
    return;
  }
}
