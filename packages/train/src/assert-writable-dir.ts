import { lstat, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { OutputDirError } from './errors/index.js';

/**
 * Checks that `dir` can be created or written: it is a directory (or does not exist yet), no part of its
 * path is a file or a dangling symbolic link, and a file can really be created in its nearest existing
 * ancestor. Permission bits are not enough (root passes every `access` check, and pseudo file systems such
 * as /proc accept none), so a probe file is created in that ancestor and removed again: this is the one
 * writability check of the project. Nothing else is created.
 * @throws OutputDirError (`reason`: `empty-path`, `not-a-directory`, `dangling-symlink`, `not-writable`)
 *   naming the path that is in the way.
 */
export async function assertWritableDir(dir: string): Promise<void> {
  if (dir.trim() === '') {
    throw new OutputDirError({ dir, reason: 'empty-path', problem: 'the path is empty', fix: 'Name a directory.' });
  }
  let current = resolve(dir);
  for (;;) {
    let isDirectory: boolean;
    try {
      isDirectory = (await stat(current)).isDirectory();
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') {
        const link = await lstat(current).catch(() => undefined);
        if (link?.isSymbolicLink()) {
          throw new OutputDirError({
            dir,
            reason: 'dangling-symlink',
            problem: `${current} is a symbolic link to something that does not exist`,
            fix: 'Remove the link, create what it points to, or choose another path.',
            entries: [current],
          });
        }
        const parent = dirname(current);
        if (parent === current) throw new OutputDirError({ dir, reason: 'not-writable', problem: 'no part of the path exists', fix: 'Choose another path.' });
        current = parent;
        continue;
      }
      if (code === 'ENOTDIR') {
        current = dirname(current);
        continue;
      }
      throw new OutputDirError({ dir, reason: 'not-writable', problem: `${current} cannot be read (${code ?? String(error)})`, fix: 'Choose another path.', cause: error });
    }
    if (!isDirectory) {
      throw new OutputDirError({
        dir,
        reason: 'not-a-directory',
        problem: `${current} exists and is a file, not a directory`,
        fix: 'Choose an output path that is (or will be created inside) a directory.',
        entries: [current],
      });
    }
    const probe = join(current, `.mnist-write-probe-${process.pid}-${Date.now()}`);
    try {
      await writeFile(probe, '', { flag: 'wx' });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? String(error);
      const why = code === 'EROFS' ? 'a read-only file system' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'ENOENT' ? 'the file system accepts no new files there' : code;
      throw new OutputDirError({
        dir,
        reason: 'not-writable',
        problem: `files cannot be created in ${current} (${why})`,
        fix: 'Choose a writable location.',
        entries: [current],
        cause: error,
      });
    }
    await rm(probe, { force: true });
    return;
  }
}
