import { OutputNotWritableError } from './output-not-writable-error.js';

function reasonOf(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EROFS') return 'it is on a read-only file system';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return (error as Error).message;
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
