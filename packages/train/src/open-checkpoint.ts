import { readdir, rm, rmdir } from 'node:fs/promises';
import { join } from 'node:path';
import { CHECKPOINT_FILE, type CheckpointInfo, readCheckpointInfo } from './checkpoint.js';
import { CheckpointMismatchError, CheckpointNotFoundError, type OptionDifference, OutputDirError } from './errors/index.js';

/** Differences between the options a checkpoint recorded and the requested ones, for `keys`. */
export function optionDifferences(
  recorded: Record<string, unknown>,
  requested: Record<string, unknown>,
  keys: readonly string[],
): OptionDifference[] {
  const diffs: OptionDifference[] = [];
  for (const option of keys) {
    const a = recorded[option] ?? null;
    const b = requested[option] ?? null;
    if (JSON.stringify(a) !== JSON.stringify(b)) diffs.push({ option, checkpoint: a, requested: b });
  }
  return diffs;
}

/**
 * The checkpoint a run starts from, checked before any work is done: with `resume`, the one in `dir`
 * (which must exist and match); without, none, and `dir` must not hold an unfinished run's.
 * @throws CheckpointNotFoundError, CheckpointMismatchError, CorruptCheckpointError, OutputDirError
 */
export async function openCheckpoint(options: {
  dir: string;
  resume: boolean;
  /** Options of the run, compared with the checkpoint's on `mustMatch`. */
  requested: Record<string, unknown>;
  mustMatch: readonly string[];
  /** How to resume, e.g. `mnist train --resume`. */
  resumeHint: string;
}): Promise<CheckpointInfo | undefined> {
  const { dir } = options;
  const existing = await readCheckpointInfo(dir);
  if (options.resume) {
    if (!existing) throw new CheckpointNotFoundError(dir);
    const diffs = optionDifferences(existing.options as unknown as Record<string, unknown>, options.requested, options.mustMatch);
    if (diffs.length > 0) throw new CheckpointMismatchError(dir, diffs);
    return existing;
  }
  if (existing) {
    throw new OutputDirError({
      dir,
      reason: 'unfinished-run',
      problem: `it holds the checkpoint of an unfinished run (epoch ${existing.epoch}, batch ${existing.batch})`,
      fix: `Resume it (resume: true, or ${options.resumeHint}), or choose another output directory.`,
      entries: [CHECKPOINT_FILE],
    });
  }
  return undefined;
}

/** Removes a checkpoint's files (and the directory when it is then empty); leaves anything else. */
export async function removeCheckpoint(dir: string): Promise<void> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return;
  }
  for (const name of names) {
    if (name === CHECKPOINT_FILE || /^weights-\d+\.bin$/.test(name)) await rm(join(dir, name), { force: true });
  }
  await rmdir(dir).catch(() => undefined);
}
