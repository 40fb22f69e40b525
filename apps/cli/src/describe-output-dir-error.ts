import type { OutputDirError } from '@mnist/train';
import { displayPath } from './display-path.js';

/** The `--out` flag and the way to allow replacing, in the words of one `mnist` command. */
export interface OutputFlags {
  /** The flag that named the directory, e.g. `--out`. */
  flag: string;
  /** What the directory holds when it is this command's previous output, e.g. "a model". */
  overwriteFlag: string;
  cwd: string;
}

/**
 * The message of an `OutputDirError` in command-line terms (`--out`, `--overwrite`, `--resume`), from its
 * `reason`: the library's own text names library options.
 */
export function describeOutputDirError(error: OutputDirError, flags: OutputFlags): string {
  const dir = error.dir === '' ? '""' : displayPath(error.dir, flags.cwd);
  const listed = (entries: readonly string[]) => {
    const shown = entries.slice(0, 6).join(', ');
    return entries.length > 6 ? `${shown} and ${entries.length - 6} more` : shown;
  };
  switch (error.reason) {
    case 'empty-path':
      return `${flags.flag} expects a directory, got an empty string. Name a new or empty directory, e.g. ${flags.flag} models/my-model.`;
    case 'not-empty':
      return (
        `${flags.flag} ${dir} is not empty: its ${listed(error.entries)} would be mixed with the output. ` +
        `Nothing was written. Choose a new or empty directory with ${flags.flag} (${flags.overwriteFlag} only replaces an earlier output of this command, never other files).`
      );
    case 'holds-output':
      return `${flags.flag} ${dir} already holds an earlier output (${listed(error.entries)}). Pass ${flags.overwriteFlag} to replace it, or choose another ${flags.flag}. Nothing was written.`;
    case 'unfinished-run':
      return `${flags.flag} ${dir} holds the checkpoint of an unfinished run. Continue it with mnist train --resume ${flags.flag} ${dir}, or choose another ${flags.flag}.`;
    case 'dangling-symlink':
      return `${flags.flag} ${dir}: ${error.problem}. Remove the link, create its target, or choose another ${flags.flag}.`;
    case 'not-a-directory':
      return `${flags.flag} ${dir}: ${error.problem}. Choose another ${flags.flag}.`;
    default:
      return `${flags.flag} ${dir}: ${error.problem}. Choose another ${flags.flag} you can write to.`;
  }
}
