import { readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { ModelDirError } from './model-dir-error.js';
import { UsageError } from './usage-error.js';

/** The file that makes a directory a TensorFlow.js layers model. */
export const MODEL_JSON = 'model.json';
/** Where `mnist train` writes models by default, relative to the working directory. */
export const DEFAULT_MODELS_DIR = 'models';

async function isFile(path: string): Promise<boolean> {
  return stat(path).then(
    (s) => s.isFile(),
    () => false,
  );
}

/**
 * Checks that `dir` (relative to `cwd`) is a model directory (holds `model.json`) and returns its absolute path.
 * @throws ModelDirError naming the path and what to pass instead.
 */
export async function checkModelDir(dir: string, cwd: string): Promise<string> {
  const full = resolve(cwd, dir);
  const info = await stat(full).catch(() => undefined);
  const hint = 'Pass a directory written by mnist train (model.json, weight shards, metadata.json).';
  if (info === undefined) throw new ModelDirError(dir, `Model directory ${dir} does not exist. ${hint}`);
  if (!info.isDirectory()) throw new ModelDirError(dir, `${dir} is a file, expected a model directory. ${hint}`);
  if (!(await isFile(join(full, MODEL_JSON)))) {
    throw new ModelDirError(dir, `${dir} is not a model directory: it has no ${MODEL_JSON}. ${hint}`);
  }
  return full;
}

/** The most recently written model directory under `<cwd>/models`, or undefined. */
export async function findLatestModelDir(cwd: string): Promise<string | undefined> {
  const root = resolve(cwd, DEFAULT_MODELS_DIR);
  const entries = await readdir(root, { withFileTypes: true }).catch(() => []);
  let best: { dir: string; time: number } | undefined;
  for (const entry of entries) {
    if (!entry.isDirectory()) continue;
    const model = join(root, entry.name, MODEL_JSON);
    const info = await stat(model).catch(() => undefined);
    if (info?.isFile() && (best === undefined || info.mtimeMs > best.time)) best = { dir: join(root, entry.name), time: info.mtimeMs };
  }
  return best?.dir;
}

/**
 * The model directory of `--model-dir`, or else the newest one under `./models`.
 * @throws UsageError when there is neither; ModelDirError when the directory is not a model.
 */
export async function resolveModelDir(flag: string | undefined, cwd: string, command: string): Promise<string> {
  if (flag !== undefined) return checkModelDir(flag, cwd);
  const latest = await findLatestModelDir(cwd);
  if (latest === undefined) {
    throw new UsageError(
      `No model given and none found under ./${DEFAULT_MODELS_DIR}. Pass --model-dir <dir> (a directory written by mnist train), or run mnist train first. See mnist ${command} --help.`,
      '--model-dir',
    );
  }
  return latest;
}
