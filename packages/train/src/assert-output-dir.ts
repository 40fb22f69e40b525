import { readdir, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { assertWritableDir } from './assert-writable-dir.js';
import { OutputDirError } from './errors/index.js';
import { CHECKPOINT_DIR_NAME, isModelOutputEntry } from './io/model-files.js';
import { isSaveWorkingEntry } from './io/write-directory-atomic.js';

/** What a command writes into its output directory, so that a previous output of it can be told from a person's files. */
export interface OutputKind {
  /** In messages: "a model", "a report". */
  label: string;
  /** Entries of a previous output of this kind: present without `overwrite`, they refuse the directory. */
  isOutputEntry(name: string): boolean;
  /** Entries this kind may hold that are neither a finished output nor someone else's (a checkpoint): allowed. */
  isWorkingEntry?(name: string): boolean;
}

/** A model directory: model.json, metadata.json, weight shards, SHA256SUMS, the default report; `checkpoint/` while training. */
export const MODEL_OUTPUT: OutputKind = {
  label: 'a model',
  isOutputEntry: isModelOutputEntry,
  isWorkingEntry: (name) => name === CHECKPOINT_DIR_NAME || isSaveWorkingEntry(name),
};

/** Options of {@link assertOutputDir}. */
export interface AssertOutputDirOptions {
  /** Replace a previous output of the same kind found in the directory (default false: refuse it). */
  overwrite?: boolean;
  /** What is written (default {@link MODEL_OUTPUT}). */
  kind?: OutputKind;
}

/** What {@link assertOutputDir} found. */
export interface OutputDirCheck {
  /** The absolute directory. */
  dir: string;
  /** False when the directory does not exist yet (it is created with the mode the umask gives). */
  exists: boolean;
  /** Entries of a previous output that will be replaced (only with `overwrite`). */
  replaces: readonly string[];
}

/** Files the desktop leaves in any folder: never counted as someone's content, never touched. */
const DESKTOP_LITTER = new Set(['.DS_Store', 'Thumbs.db', 'desktop.ini']);

/** How many names an error lists before "and N more". */
const LISTED_ENTRIES = 6;

function listEntries(entries: readonly string[]): string {
  const shown = entries.slice(0, LISTED_ENTRIES).join(', ');
  return entries.length > LISTED_ENTRIES ? `${shown} and ${entries.length - LISTED_ENTRIES} more` : shown;
}

/**
 * The rules every command that writes an output directory follows (`train`, `saveModel`, the `mnist`
 * report, fine-tuning, tuning), checked before any work is done; nothing is created or changed:
 *
 * - a directory that does not exist, or an empty one, is used;
 * - a directory holding a previous output of the same `kind` (and nothing else) is replaced only with
 *   `overwrite`, and only those entries are replaced;
 * - any other non-empty directory is refused, naming the files that would be mixed with the output
 *   (the current directory, a home or a repository root included);
 * - an empty path, a file or a dangling symbolic link in the way, or a place where no file can be
 *   created (permissions, read-only or pseudo file systems such as /proc) is refused.
 *
 * @throws OutputDirError with a `reason` (`empty-path`, `not-a-directory`, `dangling-symlink`,
 *   `not-writable`, `not-empty`, `holds-output`) and, for the last two, the `entries` in the way.
 */
export async function assertOutputDir(dir: string, options: AssertOutputDirOptions = {}): Promise<OutputDirCheck> {
  const kind = options.kind ?? MODEL_OUTPUT;
  const full = resolve(dir);
  const info = dir.trim() === '' ? undefined : await stat(full).catch(() => undefined);
  if (info === undefined || !info.isDirectory()) {
    // Empty path, nothing there, a file or a dangling link in the way, or no place to create it.
    await assertWritableDir(dir);
    return { dir: full, exists: false, replaces: [] };
  }
  const entries = (await readdir(full)).filter((name) => !DESKTOP_LITTER.has(name)).sort();
  const foreign = entries.filter((name) => !kind.isOutputEntry(name) && !(kind.isWorkingEntry?.(name) ?? false));
  if (foreign.length > 0) {
    const output = entries.filter((name) => kind.isOutputEntry(name));
    throw new OutputDirError({
      dir,
      reason: 'not-empty',
      problem:
        `it is not empty: it holds ${foreign.length} ${foreign.length === 1 ? 'entry' : 'entries'} that ${foreign.length === 1 ? 'is' : 'are'} not part of ${kind.label} ` +
        `(${listEntries(foreign)})${output.length > 0 ? ' beside the files of an earlier output' : ''}, which would be mixed with the output`,
      fix: 'Choose a new or empty directory; nothing was written.',
      entries: foreign,
    });
  }
  const previous = entries.filter((name) => kind.isOutputEntry(name));
  if (previous.length > 0 && options.overwrite !== true) {
    throw new OutputDirError({
      dir,
      reason: 'holds-output',
      problem: `it already holds ${kind.label} (${listEntries(previous)})`,
      fix: 'Pass overwrite: true to replace it, or choose a new directory; nothing was written.',
      entries: previous,
    });
  }
  // Only now, with the directory known to be ours to write, is a probe file created (and removed) in it.
  await assertWritableDir(dir);
  return { dir: full, exists: true, replaces: previous };
}
