// Browser-safe fine-tuning: in-process steps, no files. The Node `fineTune()` adds model directories,
// image folders, worker threads, checkpoints and saving on the same pieces.
import { splitValidation } from '@mnist/data';
import type * as tf from '@tensorflow/tfjs';
import { deriveSeed, SEED_PURPOSE } from '../derive-seed.js';
import { DEFAULT_EVALUATION_BATCH_SIZE, type EvaluationResult, evaluate } from '../evaluate.js';
import type { History } from '../history.js';
import { createDropoutSeeder } from '../seed-dropout-layers.js';
import { trainStep } from '../train-step.js';
import { type FineTuneHyperparameters, resolveFineTuneHyperparameters, type ResolvedFineTuneHyperparameters } from './fine-tune-options.js';
import { asSplit, type LabelledImages, labelledImagesFromArrays, toBaseClasses } from './labelled-images.js';
import { type BaseModel, describeBase, loadBaseModelFromUrl, loadBundledBaseModel } from './load-base-model.js';
import { type PhaseHooks, runFineTune } from './run-fine-tune.js';
import { buildTransferModel } from './transfer-model.js';

/** Fraction of the given data held out for the test accuracy when no test data is given. */
export const DEFAULT_HELD_OUT_FRACTION = 0.2;

/** Options of {@link fineTuneModel}. */
export interface FineTuneModelOptions extends FineTuneHyperparameters {
  /** A loaded model (left unchanged), `'bundled'` (the model of @mnist/infer) or the URL of a model directory. */
  base: tf.LayersModel | 'bundled' | string;
  /** Class names of a `base` given as a model; default `'0'`..`'9'`. */
  baseClassNames?: readonly string[];
  /** Labelled images: `LabelledImages`, or arrays as `labelledImagesFromArrays` takes. */
  data: LabelledImages | Parameters<typeof labelledImagesFromArrays>[0];
  /** Images to measure the result on; default: a seeded `heldOutFraction` of `data`. */
  testData?: LabelledImages | Parameters<typeof labelledImagesFromArrays>[0];
  /** Default 0.2. Ignored with `testData`. */
  heldOutFraction?: number;
}

/** What fine-tuning resolves with. */
export interface FineTuneModelResult {
  /** The fine-tuned model; the caller owns it (`model.dispose()`). */
  model: tf.LayersModel;
  classNames: string[];
  history: History;
  /** Accuracy and per-class metrics on the test data (absent when aborted). */
  test?: EvaluationResult;
  trainSeconds: number;
  aborted: boolean;
  stoppedAt?: { phase: 'frozen' | 'unfrozen'; epoch: number; batch: number };
  frozenLayers: string[];
  head: string;
  base: Omit<BaseModel, 'model'>;
  /** Images trained on, and per class. */
  trainCount: number;
  options: ResolvedFineTuneHyperparameters;
}

/** The base model as a BaseModel (loading it when given by name or URL). */
export async function resolveBase(base: FineTuneModelOptions['base'], classNames?: readonly string[]): Promise<BaseModel> {
  if (typeof base === 'string') return base === 'bundled' ? loadBundledBaseModel() : loadBaseModelFromUrl(base);
  const described = describeBase(base, 'model', undefined);
  return classNames ? { ...described, classNames: [...classNames] } : described;
}

function toLabelled(data: FineTuneModelOptions['data']): LabelledImages {
  return 'count' in data && data.images instanceof Uint8Array && typeof data.source === 'string'
    ? (data as LabelledImages)
    : labelledImagesFromArrays(data);
}

/** Train and test parts of the data, relabelled to the base's classes when the head is kept. */
export function prepareFineTuneData(
  data: LabelledImages,
  testData: LabelledImages | undefined,
  options: { newHead: boolean; baseClassNames: readonly string[]; heldOutFraction: number; seed: number },
): { train: LabelledImages; test: LabelledImages; classNames: string[] } {
  const map = (d: LabelledImages) => (options.newHead ? d : toBaseClasses(d, options.baseClassNames));
  const train = map(data);
  if (testData) return { train, test: map(testData), classNames: train.classNames };
  const parts = splitValidation(asSplit(train), options.heldOutFraction, deriveSeed(options.seed, SEED_PURPOSE.heldOut));
  return {
    train: { ...train, ...parts.train },
    test: { ...train, ...parts.validation },
    classNames: train.classNames,
  };
}

/** In-process steps with the run's seeded dropout: what a browser (or a test) can run. */
export function inProcessStepper(seed: number, labelSmoothing: number): PhaseHooks['createStepper'] {
  return async (model, optimizer, numClasses) => {
    const dropout = createDropoutSeeder(model, seed);
    const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
    const options = { rows: 28, cols: 28, numClasses, labelSmoothing };
    return {
      workers: 1,
      startStep: async (batch, step) => {
        dropout.setStep(step);
        return trainStep(model, optimizer, variables, batch, options);
      },
      dispose: async () => dropout.restore(),
    };
  };
}

/**
 * Fine-tunes a trained digit model on new labelled images, in the browser or in Node, in-process:
 * freezes what `freeze` says (batch-norm in frozen layers in inference mode), optionally replaces the
 * head, trains with `train()`'s epoch runner (same options, callbacks, abort and determinism), then
 * measures accuracy on `testData` or a held-out part of `data`.
 * @throws TransferDataError for unusable data, InvalidOptionError for bad options.
 */
export async function fineTuneModel(options: FineTuneModelOptions): Promise<FineTuneModelResult> {
  const resolved = resolveFineTuneHyperparameters(options);
  const data = toLabelled(options.data);
  const testData = options.testData === undefined ? undefined : toLabelled(options.testData);
  const base = await resolveBase(options.base, options.baseClassNames);
  const ownsBase = typeof options.base === 'string';
  try {
    const { train, test, classNames } = prepareFineTuneData(data, testData, {
      newHead: resolved.newHead,
      baseClassNames: base.classNames,
      heldOutFraction: options.heldOutFraction ?? DEFAULT_HELD_OUT_FRACTION,
      seed: resolved.seed,
    });
    const transfer = await buildTransferModel(base.model, { ...resolved, numClasses: classNames.length });
    const { model } = transfer;
    try {
      const run = await runFineTune(model, asSplit(train), undefined, classNames.length, resolved, options, {
        createStepper: inProcessStepper(resolved.seed, resolved.labelSmoothing),
      });
      const evaluation = run.aborted
        ? undefined
        : await evaluate(model, asSplit(test), { batchSize: DEFAULT_EVALUATION_BATCH_SIZE, classNames });
      const { model: _m, ...baseInfo } = base;
      return {
        model,
        classNames,
        history: run.history,
        ...(evaluation ? { test: evaluation } : {}),
        trainSeconds: run.trainSeconds,
        aborted: run.aborted,
        ...(run.stoppedAt ? { stoppedAt: run.stoppedAt } : {}),
        frozenLayers: transfer.frozenLayers,
        head: transfer.head,
        base: baseInfo,
        trainCount: train.count,
        options: resolved,
      };
    } catch (error) {
      model.dispose();
      throw error;
    }
  } finally {
    if (ownsBase) base.model.dispose();
  }
}
