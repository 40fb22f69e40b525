import { constants } from 'node:fs';
import { access, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { OutputDirError } from './errors/index.js';

/**
 * Checks that `dir` can be created or written: it is a directory (or does not exist yet) and its nearest
 * existing ancestor is a writable directory. Permission bits are not enough (root passes every `access`
 * check, and pseudo file systems such as /proc accept none), so a probe file is created in that ancestor
 * and removed again; nothing else is created.
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
    const probe = join(current, `.mnist-write-probe-${process.pid}-${Date.now()}`);
    try {
      await writeFile(probe, '', { flag: 'wx' });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? String(error);
      throw new OutputDirError(dir, `files cannot be created in ${current} (${code})`, 'Choose a writable location.');
    }
    await rm(probe, { force: true });
    return;
  }
}
