import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readdir, rename, rm, rmdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { ModelDirectoryError } from './model-directory-error.js';
import { syncDirectory, writeFileDurable } from './write-file-atomic.js';

/** Prefix of the hidden folder, inside the output directory, a save is written into before its files are moved into place. */
export const SAVING_DIR_MARKER = '.saving';
/** Prefix of the hidden folder, inside the output directory, the replaced files are moved to while the new ones move in. */
export const REPLACED_DIR_MARKER = '.replaced';

/** True for the hidden working folders a save creates inside the output directory (and removes again). */
export function isSaveWorkingEntry(name: string): boolean {
  return name.startsWith(`${SAVING_DIR_MARKER}-`) || name.startsWith(`${REPLACED_DIR_MARKER}-`);
}

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
 * Removes the working folders `.saving-<pid>-*` / `.replaced-<pid>-*` left inside `dir` by saves whose
 * process has died (a crash mid-save). Saves of live processes are left alone.
 */
async function removeAbandonedSaves(dir: string): Promise<void> {
  const pattern = /^\.(?:saving|replaced)-(\d+)-/;
  for (const entry of await readdir(dir).catch(() => [] as string[])) {
    const pid = pattern.exec(entry)?.[1];
    if (pid !== undefined && Number(pid) !== process.pid && !isAlive(Number(pid))) {
      await rm(join(dir, entry), { recursive: true, force: true });
    }
  }
}

/** Options of {@link writeDirectoryAtomic}. */
export interface WriteDirectoryAtomicOptions {
  /** Entries of the existing directory that belong to the replaced output (they are removed); all other entries are left alone. */
  isReplaced(name: string): boolean;
  /** Moved into place last, and moved away first, so its presence marks a complete output. */
  commitFile?: string;
}

/**
 * Writes `files` as the new content of directory `dir`, working on the files only: the directory entry
 * of `dir` itself is never renamed or replaced, so its mode, owner and inode stay what they were (a new
 * directory gets the mode the umask gives, 0755 with umask 022).
 *
 * 1. every file is written and fsynced into a hidden folder `<dir>/.saving-<pid>-*`;
 * 2. the old entries that `isReplaced` accepts are moved into `<dir>/.replaced-<pid>-*`, the
 *    `commitFile` first (so the directory stops loading before anything changes);
 * 3. the new files are moved into `dir`, the `commitFile` last; both working folders are removed.
 *
 * A failure in step 1 leaves `dir` as it was. An ordinary failure in steps 2-3 moves the old files back.
 * A crash in steps 2-3 leaves a directory without its commit file (which does not load), the previous
 * output complete in `.replaced-*` and the new one in `.saving-*`; the next save removes them.
 */
export async function writeDirectoryAtomic(dir: string, files: ReadonlyMap<string, string | Uint8Array>, options: WriteDirectoryAtomicOptions): Promise<void> {
  const target = resolve(dir);
  const existing = await stat(target).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  if (existing !== undefined && !existing.isDirectory()) {
    throw new ModelDirectoryError(target, `Expected ${target} to be a directory (or not to exist), found a file. Choose another path or remove the file.`);
  }
  await mkdir(target, { recursive: true });
  await removeAbandonedSaves(target);
  const temporary = await mkdtemp(join(target, `${SAVING_DIR_MARKER}-${process.pid}-`));
  try {
    for (const [file, data] of files) {
      if (file !== options.commitFile) await writeFileDurable(join(temporary, file), data);
    }
    const commitData = options.commitFile === undefined ? undefined : files.get(options.commitFile);
    if (options.commitFile !== undefined && commitData !== undefined) {
      // Written under another name and renamed, so the commit file is either absent or complete.
      const partial = join(temporary, `.${options.commitFile}.partial`);
      await writeFileDurable(partial, commitData);
      await rename(partial, join(temporary, options.commitFile));
    }
    await syncDirectory(temporary);
  } catch (error) {
    await rm(temporary, { recursive: true, force: true });
    if (existing === undefined) await rmdir(target).catch(() => undefined);
    throw error;
  }
  const commit = options.commitFile;
  const old = (await readdir(target)).filter((entry) => !isSaveWorkingEntry(entry) && options.isReplaced(entry));
  // The commit file first out, last in.
  old.sort((a, b) => Number(b === commit) - Number(a === commit));
  const incoming = [...files.keys()].sort((a, b) => Number(a === commit) - Number(b === commit));
  const replaced = old.length === 0 ? undefined : join(target, `${REPLACED_DIR_MARKER}-${process.pid}-${randomBytes(4).toString('hex')}`);
  const movedAway: string[] = [];
  const movedIn: string[] = [];
  try {
    if (replaced !== undefined) {
      await mkdir(replaced);
      for (const entry of old) {
        await rename(join(target, entry), join(replaced, entry));
        movedAway.push(entry);
      }
      await syncDirectory(target);
    }
    for (const entry of incoming) {
      if (entry === commit) await syncDirectory(target);
      await rename(join(temporary, entry), join(target, entry));
      movedIn.push(entry);
    }
    await syncDirectory(target);
  } catch (error) {
    // An ordinary failure (the process lives on): take the new files out and put the old ones back.
    for (const entry of movedIn.reverse()) await rm(join(target, entry), { recursive: true, force: true }).catch(() => undefined);
    if (replaced !== undefined) {
      for (const entry of movedAway.reverse()) await rename(join(replaced, entry), join(target, entry)).catch(() => undefined);
      await rmdir(replaced).catch(() => undefined);
    }
    await rm(temporary, { recursive: true, force: true }).catch(() => undefined);
    throw error;
  }
  if (replaced !== undefined) await rm(replaced, { recursive: true, force: true });
  await rm(temporary, { recursive: true, force: true });
}
