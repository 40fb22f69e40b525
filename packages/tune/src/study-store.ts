import { mkdir, open, readdir, readFile, rename, rm, truncate, unlink, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { PruneDecision } from './asha-pruner.js';
import type { Params } from './search-space.js';
import { StudyDirError, StudyLockedError } from './tune-error.js';

/** Marker in `study.json` that says a directory is a study of `@mnist/tune`. */
export const STUDY_FORMAT = 'mnist-tune-study';
export const STUDY_FORMAT_VERSION = 1;
/** Files of a study directory. */
export const STUDY_FILE = 'study.json';
export const STUDY_LOG_FILE = 'trials.jsonl';
export const STUDY_LOCK_FILE = 'lock';
export const BEST_CONFIG_FILE = 'best.json';
export const BEST_MODEL_DIR = 'best-model';
export const TRIALS_DIR = 'trials';

/** What a study fixes: a study directory resumes only with the same settings. */
export interface StudySettings {
  model: string;
  /** Canonical JSON of the search space. */
  space: string;
  sampler: string;
  pruner: string;
  seed: number;
  epochs: number;
  limit: number | null;
  validationSplit: number;
  objective: 'accuracy' | 'loss';
  dataset: string;
  minEpochs: number;
  reductionFactor: number;
}

/** Contents of `study.json`. */
export interface StudyFile {
  format: typeof STUDY_FORMAT;
  formatVersion: typeof STUDY_FORMAT_VERSION;
  /** A random id, also the queue's job-id prefix. */
  id: string;
  createdAt: string;
  settings: StudySettings;
}

/** The lines of `trials.jsonl`, in the order they happened. */
export type StudyRecord =
  | { type: 'trial'; trial: number; params: Params; at: string }
  | { type: 'epoch'; trial: number; epoch: number; valAcc: number; valLoss: number; acc: number; loss: number; score: number; decision: PruneDecision }
  | {
      type: 'end';
      trial: number;
      state: 'complete' | 'pruned' | 'failed';
      /** Objective value (validation accuracy or loss) at the last epoch; absent for failed trials. */
      value?: number;
      epochs: number;
      seconds: number;
      error?: string;
      worker?: string;
    }
  | { type: 'final'; trial: number; validationAccuracy: number; testAccuracy: number; testLoss: number; config: string; modelDir: string };

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await readFile(path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EISDIR') return true;
    return false;
  }
}

/** Reads `study.json` of a directory, or undefined when the directory has none. */
export async function readStudyFile(dir: string): Promise<StudyFile | undefined> {
  let text: string;
  try {
    text = await readFile(join(dir, STUDY_FILE), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new StudyDirError({ dir, problem: `${STUDY_FILE} cannot be read (${(error as Error).message})`, cause: error });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new StudyDirError({ dir, problem: `${STUDY_FILE} is not valid JSON`, cause: error });
  }
  const file = parsed as Partial<StudyFile>;
  if (file?.format !== STUDY_FORMAT || file.formatVersion !== STUDY_FORMAT_VERSION || typeof file.settings !== 'object' || typeof file.id !== 'string') {
    throw new StudyDirError({ dir, problem: `${STUDY_FILE} is not a study of @mnist/tune (format ${STUDY_FORMAT} version ${STUDY_FORMAT_VERSION})` });
  }
  return file as StudyFile;
}

/** Reads the records of `trials.jsonl`; a torn last line (a kill mid-write) is left out. */
export async function readStudyLog(dir: string): Promise<StudyRecord[]> {
  let text: string;
  try {
    text = await readFile(join(dir, STUDY_LOG_FILE), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const lines = text.split('\n');
  // The last element is '' after a final newline, or a torn line without one: either way it is left out.
  const complete = lines.slice(0, -1);
  const records: StudyRecord[] = [];
  for (const [index, line] of complete.entries()) {
    if (line.trim() === '') continue;
    try {
      records.push(JSON.parse(line) as StudyRecord);
    } catch (error) {
      throw new StudyDirError({ dir, problem: `line ${index + 1} of ${STUDY_LOG_FILE} is not JSON (the file was edited?)`, cause: error });
    }
  }
  return records;
}

/**
 * A study directory opened for writing: `study.json` (written once, atomically), `trials.jsonl` (an
 * append-only log, one JSON record per line, each appended with one write and flushed to disk) and a
 * lock file naming the process, so a second process on the same study refuses to start.
 */
export class StudyStore {
  private constructor(
    readonly dir: string,
    readonly file: StudyFile,
    readonly records: StudyRecord[],
    /** True when the study directory was created by this call. */
    readonly created: boolean,
  ) {}

  /**
   * Opens (or creates) the study in `dir` and takes its lock.
   * @param check compares an existing study's settings with the requested ones; throw to refuse.
   * @throws StudyLockedError when a live process holds the lock; StudyDirError for a directory that is not a study.
   */
  static async open(dir: string, settings: StudySettings, check: (existing: StudyFile) => void): Promise<StudyStore> {
    const existing = await readStudyFile(dir);
    if (existing) {
      check(existing);
    } else {
      let names: string[] = [];
      try {
        names = await readdir(dir);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
          throw new StudyDirError({ dir, problem: (error as Error).message, cause: error });
        }
      }
      if (names.length > 0) throw new StudyDirError({ dir, problem: `it is not empty and holds no ${STUDY_FILE}; choose a new or empty directory` });
    }
    const created = !existing;
    try {
      await mkdir(dir, { recursive: true });
    } catch (error) {
      throw new StudyDirError({ dir, problem: `it cannot be created (${(error as Error).message})`, cause: error });
    }
    await StudyStore.lock(dir);
    try {
      let file = existing;
      if (!file) {
        file = {
          format: STUDY_FORMAT,
          formatVersion: STUDY_FORMAT_VERSION,
          id: `${Date.now().toString(36)}${Math.floor(Math.random() * 0xffff_ffff).toString(36)}`,
          createdAt: new Date().toISOString(),
          settings,
        };
        const tmp = join(dir, `${STUDY_FILE}.tmp-${process.pid}`);
        await writeFile(tmp, `${JSON.stringify(file, null, 2)}\n`);
        await rename(tmp, join(dir, STUDY_FILE));
      }
      await StudyStore.repairLog(dir);
      return new StudyStore(dir, file, await readStudyLog(dir), created);
    } catch (error) {
      await unlink(join(dir, STUDY_LOCK_FILE)).catch(() => undefined);
      throw error;
    }
  }

  private static async lock(dir: string): Promise<void> {
    const path = join(dir, STUDY_LOCK_FILE);
    const me = { pid: process.pid, host: hostname(), startedAt: new Date().toISOString() };
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        await writeFile(path, `${JSON.stringify(me)}\n`, { flag: 'wx' });
        return;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw new StudyDirError({ dir, problem: (error as Error).message, cause: error });
      }
      let holder: { pid?: number; host?: string } = {};
      try {
        holder = JSON.parse(await readFile(path, 'utf8')) as typeof holder;
      } catch {
        // A lock file torn by a kill: nobody holds it.
      }
      const pid = typeof holder.pid === 'number' ? holder.pid : -1;
      const host = typeof holder.host === 'string' ? holder.host : hostname();
      if (host !== hostname() || (pid > 0 && pid !== process.pid && isAlive(pid))) throw new StudyLockedError({ dir, pid, host });
      // The process that held the lock is gone (kill -9, crash): the lock is stale.
      await unlink(path).catch(() => undefined);
    }
    throw new StudyDirError({ dir, problem: `its lock file ${STUDY_LOCK_FILE} could not be taken` });
  }

  /** Cuts a torn last line (a kill during a write) so the next record starts on its own line. */
  private static async repairLog(dir: string): Promise<void> {
    const path = join(dir, STUDY_LOG_FILE);
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch {
      return;
    }
    if (text.length === 0 || text.endsWith('\n')) return;
    await truncate(path, Buffer.byteLength(text.slice(0, text.lastIndexOf('\n') + 1)));
  }

  /** Appends one record with a single write and flushes it to disk before resolving. */
  async append(record: StudyRecord): Promise<void> {
    const handle = await open(join(this.dir, STUDY_LOG_FILE), 'a');
    try {
      await handle.write(`${JSON.stringify(record)}\n`);
      await handle.datasync();
    } finally {
      await handle.close();
    }
    this.records.push(record);
  }

  /** Where a trial's checkpoint lives (local trials only). */
  trialCheckpointDir(trial: number): string {
    return join(this.dir, TRIALS_DIR, String(trial), 'checkpoint');
  }

  async removeTrialDir(trial: number): Promise<void> {
    await rm(join(this.dir, TRIALS_DIR, String(trial)), { recursive: true, force: true });
  }

  async hasBestModel(): Promise<boolean> {
    return exists(join(this.dir, BEST_MODEL_DIR, 'model.json'));
  }

  /** Releases the lock. */
  async close(): Promise<void> {
    await unlink(join(this.dir, STUDY_LOCK_FILE)).catch(() => undefined);
  }
}
