import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { OutputNotWritableError } from './output-not-writable-error.js';

function reasonOf(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EROFS') return 'it is on a read-only file system';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return (error as Error).message;
}

/**
 * Checks, before any work is done, that `dir` (absolute) can be created or written: the nearest existing
 * ancestor must be a writable directory.
 * @param fix what the user should do instead, appended to the message (e.g. "Pass --out <file.html> …").
 * @throws OutputNotWritableError naming the directory, the reason and `fix`.
 */
export async function checkWritableDir(dir: string, fix: string): Promise<void> {
  let existing = dir;
  for (;;) {
    const info = await stat(existing).catch(() => undefined);
    if (info !== undefined) {
      if (!info.isDirectory()) throw new OutputNotWritableError(existing, `Cannot write into ${existing}: it is a file, not a directory. ${fix}`);
      break;
    }
    const parent = dirname(existing);
    if (parent === existing) break;
    existing = parent;
  }
  try {
    await access(existing, constants.W_OK);
  } catch (error) {
    throw new OutputNotWritableError(existing, `Cannot write into ${existing}: ${reasonOf(error)}. ${fix}`, { cause: error });
  }
}

/** Turns a failed write (read-only file system, permissions, disk full) into an `OutputNotWritableError`. */
export function outputWriteError(dir: string, error: unknown, fix: string): Error {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EROFS' || code === 'EACCES' || code === 'EPERM' || code === 'ENOSPC' || code === 'ENOTDIR') {
    const reason = code === 'ENOSPC' ? 'the disk is full' : reasonOf(error);
    return new OutputNotWritableError(dir, `Cannot write into ${dir}: ${reason}. ${fix}`, { cause: error });
  }
  return error as Error;
}
