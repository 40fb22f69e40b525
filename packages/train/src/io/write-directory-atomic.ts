import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readdir, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { ModelDirectoryError } from './model-directory-error.js';
import { syncDirectory, writeFileDurable } from './write-file-atomic.js';

/** Prefix of the hidden sibling a save is written into before it is renamed into place. */
export const SAVING_DIR_MARKER = 'saving';
/** Prefix of the hidden sibling an existing directory is moved to while it is being replaced. */
export const REPLACED_DIR_MARKER = 'replaced';

/** True when process `pid` is alive (or cannot be checked). */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

/**
 * Removes temporary directories `.<name>.saving-<pid>-*` left beside `<name>` by saves whose process has
 * died (a crash mid-save). Saves of live processes are left alone.
 */
async function removeAbandonedSaves(parent: string, name: string): Promise<void> {
  const pattern = new RegExp(`^\\.${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.${SAVING_DIR_MARKER}-(\\d+)-`);
  for (const entry of await readdir(parent).catch(() => [] as string[])) {
    const pid = pattern.exec(entry)?.[1];
    if (pid !== undefined && Number(pid) !== process.pid && !isAlive(Number(pid))) {
      await rm(join(parent, entry), { recursive: true, force: true });
    }
  }
}

/**
 * Error codes of a refused directory rename (a mount point, the working directory on some systems, a
 * directory another process holds open on Windows, a cross-device link), where the files are replaced one
 * by one instead.
 */
const DIRECTORY_RENAME_REFUSED = new Set(['EBUSY', 'EPERM', 'EACCES', 'EXDEV', 'EINVAL']);

/**
 * Fallback when `target` itself cannot be renamed: removes the commit file first (so the directory does
 * not load while it is inconsistent), removes the old replaced files, renames the new files in and the
 * commit file last. A crash in between leaves a directory without its commit file, which does not load,
 * and the complete new content in the temporary directory.
 */
async function replaceFilesInPlace(temporary: string, target: string, options: WriteDirectoryAtomicOptions): Promise<void> {
  if (options.commitFile !== undefined) await rm(join(target, options.commitFile), { force: true });
  await syncDirectory(target);
  for (const entry of await readdir(target)) {
    if (options.isReplaced(entry)) await rm(join(target, entry), { recursive: true, force: true });
  }
  const entries = await readdir(temporary);
  for (const entry of entries) {
    if (entry !== options.commitFile) await rename(join(temporary, entry), join(target, entry));
  }
  await syncDirectory(target);
  if (options.commitFile !== undefined && entries.includes(options.commitFile)) {
    await rename(join(temporary, options.commitFile), join(target, options.commitFile));
    await syncDirectory(target);
  }
  await rm(temporary, { recursive: true, force: true });
}

/** Options of {@link writeDirectoryAtomic}. */
export interface WriteDirectoryAtomicOptions {
  /** Files of the old directory that belong to the replaced content; all other entries are carried over. */
  isReplaced(name: string): boolean;
  /** Written last into the temporary directory, via a rename, so its presence marks a complete write. */
  commitFile?: string;
}

/**
 * Writes `files` as the new content of directory `dir`, atomically:
 *
 * 1. every file is written and fsynced into a hidden temporary sibling `.<name>.saving-*` (the
 *    `commitFile` last and via a rename, so a partial temporary directory never looks complete);
 * 2. if `dir` does not exist, the sibling is renamed to `dir`;
 * 3. otherwise `dir` is renamed away to `.<name>.replaced-*`, the sibling renamed to `dir`, the entries of
 *    the old directory that `isReplaced` rejects (e.g. a `checkpoint/` folder) moved into the new one, and
 *    the old directory removed.
 *
 * A failure before step 2/3 removes the temporary directory and leaves `dir` as it was. When the system
 * refuses to rename `dir` itself (a mount point, a directory held open on Windows), the files are
 * replaced one by one with the commit file removed first and renamed in last, so the directory never
 * loads half-written (but a crash in that window leaves no loadable model in `dir`).
 */
export async function writeDirectoryAtomic(
  dir: string,
  files: ReadonlyMap<string, string | Uint8Array>,
  options: WriteDirectoryAtomicOptions,
): Promise<void> {
  const target = resolve(dir);
  const parent = dirname(target);
  const name = basename(target);
  const existing = await stat(target).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  if (existing !== undefined && !existing.isDirectory()) {
    throw new ModelDirectoryError(target, `Expected ${target} to be a directory (or not to exist), found a file. Choose another path or remove the file.`);
  }
  await mkdir(parent, { recursive: true });
  await removeAbandonedSaves(parent, name);
  const temporary = await mkdtemp(join(parent, `.${name}.${SAVING_DIR_MARKER}-${process.pid}-`));
  try {
    for (const [file, data] of files) {
      if (file !== options.commitFile) await writeFileDurable(join(temporary, file), data);
    }
    const commitData = options.commitFile === undefined ? undefined : files.get(options.commitFile);
    if (options.commitFile !== undefined && commitData !== undefined) {
      // written under another name and renamed, so the commit file is either absent or complete
      const partial = join(temporary, `.${options.commitFile}.partial`);
      await writeFileDurable(partial, commitData);
      await rename(partial, join(temporary, options.commitFile));
    }
    await syncDirectory(temporary);
    if (existing === undefined) {
      await rename(temporary, target);
      await syncDirectory(parent);
      return;
    }
  } catch (error) {
    await rm(temporary, { recursive: true, force: true });
    throw error;
  }
  const old = join(parent, `.${name}.${REPLACED_DIR_MARKER}-${randomBytes(4).toString('hex')}`);
  try {
    await rename(target, old);
  } catch (error) {
    if (!DIRECTORY_RENAME_REFUSED.has((error as NodeJS.ErrnoException).code ?? '')) {
      await rm(temporary, { recursive: true, force: true });
      throw error;
    }
    await replaceFilesInPlace(temporary, target, options);
    return;
  }
  try {
    await rename(temporary, target);
  } catch (error) {
    // Put the previous directory back before reporting the failure.
    await rename(old, target).catch(() => undefined);
    await rm(temporary, { recursive: true, force: true });
    throw error;
  }
  await syncDirectory(parent);
  for (const entry of await readdir(old)) {
    if (!options.isReplaced(entry)) await rename(join(old, entry), join(target, entry));
  }
  await syncDirectory(target);
  await rm(old, { recursive: true, force: true });
}
