import type * as tf from '@tensorflow/tfjs';
import { type BackendInfo, DataParallelTrainer, defaultWorkerCount } from './backend/index.js';
import { deriveSeed, SEED_PURPOSE } from './derive-seed.js';
import type { StartStep } from './run-epochs.js';
import { createDropoutSeeder } from './seed-dropout-layers.js';
import { trainStep } from './train-step.js';

/** One way of taking optimizer steps: in-process, or data-parallel over worker threads. */
export interface Stepper {
  startStep: StartStep;
  /** Data-parallel worker threads (1: in-process). */
  workers: number;
  /** Stops the workers and gives the dropout layers their own seeds back. */
  dispose(): Promise<void>;
}

/**
 * How many data-parallel workers to use. `auto` uses one per core on wasm (single-threaded in Node);
 * dropout stays deterministic there because every step sends the workers a dropout seed. tfjs-node
 * and cpu train in-process.
 */
function workerCount(requested: number | 'auto', backend: BackendInfo): number {
  if (requested !== 'auto') return requested;
  if (backend.name !== 'wasm') return 1;
  return defaultWorkerCount();
}

/**
 * Creates the step function of a run: the same seeded dropout and the same loss either way, with the
 * gradients of `model.trainableWeights` only (frozen layers are left alone).
 */
export async function createStepper(
  model: tf.LayersModel,
  optimizer: tf.Optimizer,
  options: {
    workers: number | 'auto';
    backend: BackendInfo;
    seed: number;
    rows: number;
    cols: number;
    numClasses: number;
    labelSmoothing: number;
  },
): Promise<Stepper> {
  const { seed, rows, cols, numClasses, labelSmoothing } = options;
  const stepOptions = { rows, cols, numClasses, labelSmoothing };
  const dropout = createDropoutSeeder(model, seed);
  const workers = workerCount(options.workers, options.backend);
  const parallel = workers > 1 ? await DataParallelTrainer.create(model, { workers, backend: options.backend.name }) : undefined;
  if (parallel) {
    return {
      workers: parallel.workerCount,
      startStep: (batch, step) => {
        dropout.setStep(step);
        // step() posts the shards to the workers before it returns, so the caller may prepare the next batch now.
        return parallel.step(optimizer, batch, { ...stepOptions, dropoutSeed: deriveSeed(seed, SEED_PURPOSE.dropout, step) });
      },
      async dispose() {
        dropout.restore();
        await parallel.dispose();
      },
    };
  }
  const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
  return {
    workers: 1,
    startStep: async (batch, step) => {
      dropout.setStep(step);
      return trainStep(model, optimizer, variables, batch, stepOptions);
    },
    async dispose() {
      dropout.restore();
    },
  };
}
