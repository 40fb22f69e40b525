import { runCli } from './run-cli.js';

/** Training images of the test model (a quick, deliberately imperfect mlp). */
export const TEST_MODEL_TRAIN_IMAGES = 1000;
/** Test images the test model is evaluated on at the end of training. */
export const TEST_MODEL_TEST_IMAGES = 300;
export const TEST_MODEL_EPOCHS = 3;

/**
 * Trains a small `mlp` with `mnist train` on the cpu backend (a few seconds) into `outDir`: a real
 * model directory with model.json, weights and metadata.json (history with validation, test metrics).
 */
export async function trainTestModel(outDir: string): Promise<void> {
  const r = await runCli([
    'train',
    '--model',
    'mlp',
    '--epochs',
    String(TEST_MODEL_EPOCHS),
    '--limit',
    String(TEST_MODEL_TRAIN_IMAGES),
    '--test-limit',
    String(TEST_MODEL_TEST_IMAGES),
    '--validation-split',
    '0.2',
    '--backend',
    'cpu',
    '--workers',
    '1',
    '--out',
    outDir,
  ]).done;
  if (r.code !== 0) throw new Error(`mnist train failed (${r.code}):\n${r.stdout}\n${r.stderr}`);
}
