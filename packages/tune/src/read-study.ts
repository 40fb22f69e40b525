import { join } from 'node:path';
import { BEST_CONFIG_FILE, readStudyFile, readStudyLog, type StudySettings } from './study-store.js';
import { bestTrial, type FinalSummary, summarizeRecords, type TrialSummary } from './study-summary.js';
import { StudyDirError } from './tune-error.js';

/** A study read back from its directory (for reports); it takes no lock and writes nothing. */
export interface StudyReport {
  dir: string;
  id: string;
  createdAt: string;
  settings: StudySettings;
  trials: TrialSummary[];
  best: TrialSummary | undefined;
  final: FinalSummary | undefined;
  bestConfigPath: string;
}

/** Reads a study directory. @throws StudyDirError when it holds no study. */
export async function readStudy(dir: string): Promise<StudyReport> {
  const file = await readStudyFile(dir);
  if (!file) throw new StudyDirError({ dir, problem: 'it holds no study.json (give the --study directory of an `mnist tune` run)' });
  const { trials, final } = summarizeRecords(await readStudyLog(dir));
  return {
    dir,
    id: file.id,
    createdAt: file.createdAt,
    settings: file.settings,
    trials,
    best: bestTrial(trials, file.settings.objective),
    final,
    bestConfigPath: join(dir, BEST_CONFIG_FILE),
  };
}
