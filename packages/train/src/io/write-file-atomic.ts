import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** Name of the temporary file written beside `path` before it is renamed over it. */
export function temporarySiblingPath(path: string, purpose = 'tmp'): string {
  return join(dirname(path), `.${basename(path)}.${purpose}-${process.pid}-${randomBytes(4).toString('hex')}`);
}

/** Writes `data` to `path` and flushes it to disk (fsync) before closing. */
export async function writeFileDurable(path: string, data: string | Uint8Array): Promise<void> {
  const handle = await open(path, 'wx');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Flushes a directory's entries (new names, renames) to disk; ignored where directories cannot be opened. */
export async function syncDirectory(dir: string): Promise<void> {
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch {
    // Windows cannot fsync a directory; rename is still atomic there.
  } finally {
    await handle?.close();
  }
}

/**
 * Replaces `path` atomically: writes a temporary file in the same directory, fsyncs it, then renames it
 * over `path`. Readers see the old content or the new, never a partial file; on failure the temporary
 * file is removed and `path` is untouched.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const temporary = temporarySiblingPath(path);
  try {
    await writeFileDurable(temporary, data);
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  await syncDirectory(dirname(path));
}
