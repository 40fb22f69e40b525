import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { version as trainVersion } from '../package.json';
import { assertOutputDir } from './assert-output-dir.js';
import { assertWritableDir } from './assert-writable-dir.js';
import { type BackendInfo, type BackendRequest, defaultWorkerCount, selectBackend } from './backend/index.js';
import { type CheckpointInfo, readCheckpointInfo, restoreCheckpoint } from './checkpoint.js';
import { createStepper } from './create-stepper.js';
import { InvalidOptionError } from './errors/index.js';
import { DEFAULT_EVALUATION_BATCH_SIZE, evaluate } from './evaluate.js';
import {
  DEFAULT_HELD_OUT_FRACTION,
  type FineTuneModelOptions,
  type FineTuneModelResult,
  prepareFineTuneData,
  resolveBase,
} from './fine-tune/fine-tune-model.js';
import { resolveFineTuneHyperparameters, type ResolvedFineTuneHyperparameters } from './fine-tune/fine-tune-options.js';
import { asSplit, classCounts, type LabelledImages, labelledImagesFromArrays } from './fine-tune/labelled-images.js';
import { type BaseModel, describeBase } from './fine-tune/load-base-model.js';
import { loadIdxPair, loadImageFolder } from './fine-tune/load-image-folder.js';
import { runFineTune } from './fine-tune/run-fine-tune.js';
import { buildTransferModel } from './fine-tune/transfer-model.js';
import { loadModel, type ModelMetadata, readMetadata, saveModel } from './io/index.js';
import { openCheckpoint, removeCheckpoint } from './open-checkpoint.js';
import { CHECKPOINT_DIR_NAME, checkpointSaver, positionOf } from './train.js';

/** Sub-folder of the checkpoint directory for the unfrozen phase. */
export const UNFROZEN_CHECKPOINT_DIR_NAME = 'unfrozen';

/** Labelled data for `fineTune()`: an ImageFolder directory, an IDX pair, or arrays. */
export type FineTuneData = string | { images: string; labels: string; classNames?: string[] } | FineTuneModelOptions['data'];

/** Options of {@link fineTune}. */
export interface FineTuneOptions extends Omit<FineTuneModelOptions, 'base' | 'data' | 'testData'> {
  /** The base model: a model directory, the http(s) URL of one, or `'bundled'` (the model of @mnist/infer). */
  from: string;
  /** ImageFolder directory (`<dir>/<class>/*.png|jpg|pgm`), `{ images, labels }` IDX files, or in-memory arrays. */
  data: FineTuneData;
  /** Test data in the same forms; default: a seeded `heldOutFraction` (0.2) of `data`. */
  testData?: FineTuneData;
  /** Default `auto`, as `train()`. */
  backend?: BackendRequest;
  /** Data-parallel workers, as `train()`. */
  workers?: number | 'auto';
  /** Where the fine-tuned model directory is written (atomically), under the rules of `assertOutputDir`. */
  outDir?: string;
  /** Replace the model already in `outDir`; without it such a directory is refused before any work. */
  overwrite?: boolean;
  /** Default `<outDir>/checkpoint`. */
  checkpointDir?: string;
  resume?: boolean;
  keepCheckpoint?: boolean;
}

/** What `fineTune()` resolves with. */
export interface FineTuneResult extends FineTuneModelResult {
  backend: BackendInfo;
  workers: number;
  modelDir?: string;
  checkpointDir?: string;
}

/** The options a fine-tuning checkpoint records; a resumed run must match them. */
const FINE_TUNE_RESUME_MUST_MATCH = ['from', 'data', 'testData', 'freeze', 'newHead', 'seed', 'batchSize', 'optimizer', 'dataCount', 'classCounts', 'heldOutFraction'] as const;

async function loadData(data: FineTuneData): Promise<LabelledImages> {
  if (typeof data === 'string') return loadImageFolder(data);
  if ('labels' in data && typeof data.labels === 'string' && typeof (data as { images: unknown }).images === 'string') {
    const pair = data as { images: string; labels: string; classNames?: string[] };
    return loadIdxPair(pair.images, pair.labels, pair.classNames);
  }
  const arrays = data as FineTuneModelOptions['data'];
  return 'source' in arrays && typeof arrays.source === 'string' && arrays.images instanceof Uint8Array && 'count' in arrays
    ? (arrays as LabelledImages)
    : labelledImagesFromArrays(arrays);
}

/** A base model from a directory, a URL or `'bundled'`. */
async function loadBase(from: string): Promise<BaseModel> {
  if (from === 'bundled' || /^https?:\/\//i.test(from)) return resolveBase(from);
  const model = await loadModel(from);
  const metadata = await readMetadata(from).catch(() => undefined);
  return describeBase(model, from, metadata);
}

/** Where the base model came from, without machine paths (the model directory may be published). */
function baseSource(from: string): string {
  if (from === 'bundled' || /^https?:\/\//i.test(from)) return from;
  const parts = from.split(/[\\/]/).filter(Boolean);
  return `directory:${parts[parts.length - 1] ?? from}`;
}

/**
 * Fine-tunes a trained model on new labelled images, in Node: from a model directory, a URL or the model
 * bundled with @mnist/infer; data from an ImageFolder directory, an IDX pair or arrays; freezing,
 * an optional new head and an optional unfrozen low-learning-rate phase; `train()`'s epoch runner with
 * its worker threads, callbacks, abort, checkpoints, resume and determinism; accuracy on `testData` or a
 * held-out part of the data; and (with `outDir`) an atomically saved model directory whose metadata.json
 * records the base model, what was frozen and the data's size and class counts.
 *
 * @throws TransferDataError for unusable data; InvalidOptionError; OutputDirError; the checkpoint errors
 *   when resuming; ModelNotFoundError / CorruptModelError for the base model.
 */
export async function fineTune(options: FineTuneOptions): Promise<FineTuneResult> {
  if (typeof options.from !== 'string' || options.from === '') {
    throw new InvalidOptionError('from', options.from, "a model directory, an http(s) URL or 'bundled'");
  }
  const resolved = resolveFineTuneHyperparameters(options);
  const heldOutFraction = options.heldOutFraction ?? DEFAULT_HELD_OUT_FRACTION;
  if (!(heldOutFraction > 0 && heldOutFraction < 1)) throw new InvalidOptionError('heldOutFraction', heldOutFraction, 'a number in (0, 1)');
  const { outDir } = options;
  const checkpointDir = options.checkpointDir ?? (outDir === undefined ? undefined : join(outDir, CHECKPOINT_DIR_NAME));
  if (options.resume && checkpointDir === undefined) {
    throw new InvalidOptionError('resume', true, 'resume together with outDir or checkpointDir (where the checkpoint is)');
  }
  // The output rules every writer follows (a resumed run continues what its first session was allowed to do).
  const overwrite = options.overwrite === true || options.resume === true;
  if (outDir !== undefined) await assertOutputDir(outDir, { overwrite });
  if (checkpointDir !== undefined) await assertWritableDir(checkpointDir);

  const data = await loadData(options.data);
  const testData = options.testData === undefined ? undefined : await loadData(options.testData);
  // Recorded in the checkpoint (local, never published), so `mnist finetune --resume --out <dir>` can continue alone.
  const recorded = {
    from: options.from,
    data: typeof options.data === 'string' ? options.data : null,
    testData: typeof options.testData === 'string' ? options.testData : null,
    ...resolved,
    dataCount: data.count,
    classCounts: classCounts(data),
    heldOutFraction,
  };
  const opened = async (dir: string, resume: boolean): Promise<CheckpointInfo | undefined> =>
    openCheckpoint({ dir, resume, requested: recorded, mustMatch: FINE_TUNE_RESUME_MUST_MATCH, resumeHint: 'mnist finetune --resume' });
  let frozenCheckpoint: CheckpointInfo | undefined;
  let unfrozenCheckpoint: CheckpointInfo | undefined;
  if (checkpointDir !== undefined) {
    frozenCheckpoint = await opened(checkpointDir, options.resume === true);
    const unfrozenDir = join(checkpointDir, UNFROZEN_CHECKPOINT_DIR_NAME);
    // The unfrozen phase may not have started yet when a run is resumed.
    const resumeUnfrozen = options.resume === true && (await readCheckpointInfo(unfrozenDir)) !== undefined;
    unfrozenCheckpoint = await opened(unfrozenDir, resumeUnfrozen);
  }

  const backend = await selectBackend(options.backend ?? 'auto');
  const base = await loadBase(options.from);
  let model: tf.LayersModel | undefined;
  try {
    const { train, test, classNames } = prepareFineTuneData(data, testData, {
      newHead: resolved.newHead,
      baseClassNames: base.classNames,
      heldOutFraction,
      seed: resolved.seed,
    });
    const transfer = await buildTransferModel(base.model, { ...resolved, numClasses: classNames.length });
    model = transfer.model;
    const log = options.onLog ?? (() => undefined);
    log({
      type: 'start',
      model: base.architecture ?? 'model',
      parameters: model.countParams(),
      dataset: data.source,
      backend,
      trainCount: train.count,
      validationCount: 0,
      testCount: test.count,
      epochs: resolved.epochs + (resolved.unfreeze?.epochs ?? 0),
      batchSize: resolved.batchSize,
      batchesPerEpoch: Math.max(1, Math.floor(train.count / resolved.batchSize)),
      workers: plannedWorkers(options.workers ?? 'auto', backend),
      ...(frozenCheckpoint ? { resumedFrom: { epoch: frozenCheckpoint.epoch, batch: frozenCheckpoint.batch } } : {}),
      message:
        `Fine-tuning ${base.source === 'bundled' ? 'the bundled model' : baseSource(options.from)} on ${train.count} images of ` +
        `${classNames.length} classes (${transfer.frozenLayers.length} of ${model.layers.length} layers frozen` +
        `${transfer.newHead ? ', new head' : ''}) on the ${backend.name} backend: ${backend.reason}` +
        (frozenCheckpoint ? ` Resuming after epoch ${frozenCheckpoint.epoch}, batch ${frozenCheckpoint.batch}.` : ''),
    });
    const m = model;
    const run = await runFineTune(m, asSplit(train), undefined, classNames.length, resolved, options, {
      createStepper: (stepModel, optimizer, numClasses) =>
        createStepper(stepModel, optimizer, {
          workers: options.workers ?? 'auto',
          backend,
          seed: resolved.seed,
          rows: 28,
          cols: 28,
          numClasses,
          labelSmoothing: resolved.labelSmoothing,
        }),
      checkpoint: async (phase, stepModel, optimizer) => {
        if (checkpointDir === undefined) return {};
        const dir = phase === 'frozen' ? checkpointDir : join(checkpointDir, UNFROZEN_CHECKPOINT_DIR_NAME);
        const info = phase === 'frozen' ? frozenCheckpoint : unfrozenCheckpoint;
        if (info) await restoreCheckpoint(dir, info, stepModel, optimizer);
        return {
          dir,
          ...(info ? { resumeFrom: positionOf(info) } : {}),
          save: checkpointSaver({ dir, model: stepModel, optimizer, options: { ...recorded, phase }, log }),
        };
      },
    });
    const common = {
      model: m,
      classNames,
      history: run.history,
      trainSeconds: run.trainSeconds,
      frozenLayers: transfer.frozenLayers,
      head: transfer.head,
      base: { ...describeWithoutModel(base), source: baseSource(options.from) },
      trainCount: train.count,
      options: resolved,
      backend,
      workers: run.workers,
    };
    if (run.aborted) {
      return { ...common, aborted: true, ...(run.stoppedAt ? { stoppedAt: run.stoppedAt } : {}), ...(checkpointDir === undefined ? {} : { checkpointDir }) };
    }
    log({ type: 'evaluate', count: test.count, message: `Evaluating on ${test.count} ${testData ? 'test' : 'held-out'} images` });
    const evaluation = await evaluate(m, asSplit(test), { batchSize: DEFAULT_EVALUATION_BATCH_SIZE, classNames });
    if (outDir !== undefined) {
      await saveModel(m, outDir, fineTuneMetadata({ ...common, test: evaluation, data, testData, heldOutFraction, resolved, testCount: test.count }), { overwrite });
      log({ type: 'saved', dir: outDir, message: `Model saved to ${outDir}` });
      if (checkpointDir !== undefined && !options.keepCheckpoint) {
        await removeCheckpoint(join(checkpointDir, UNFROZEN_CHECKPOINT_DIR_NAME));
        await removeCheckpoint(checkpointDir);
      }
    }
    return {
      ...common,
      test: evaluation,
      aborted: false,
      ...(outDir === undefined ? {} : { modelDir: outDir }),
      ...(checkpointDir !== undefined && (options.keepCheckpoint || outDir === undefined) ? { checkpointDir } : {}),
    };
  } catch (error) {
    model?.dispose();
    throw error;
  } finally {
    base.model.dispose();
  }
}

/** The workers `createStepper` will start (as `train()` decides). */
function plannedWorkers(requested: number | 'auto', backend: BackendInfo): number {
  if (requested !== 'auto') return requested;
  return backend.name === 'wasm' ? defaultWorkerCount() : 1;
}

function describeWithoutModel(base: BaseModel): Omit<BaseModel, 'model'> {
  const { model: _model, ...rest } = base;
  return rest;
}

/** metadata.json of a fine-tuned model: the usual fields plus `fineTuning`. */
function fineTuneMetadata(input: {
  model: tf.LayersModel;
  classNames: string[];
  history: FineTuneModelResult['history'];
  test: NonNullable<FineTuneModelResult['test']>;
  trainSeconds: number;
  frozenLayers: string[];
  head: string;
  base: Omit<BaseModel, 'model'>;
  trainCount: number;
  testCount: number;
  backend: BackendInfo;
  workers: number;
  data: LabelledImages;
  testData: LabelledImages | undefined;
  heldOutFraction: number;
  resolved: ResolvedFineTuneHyperparameters;
}): ModelMetadata {
  const { resolved } = input;
  return {
    formatVersion: 1,
    architecture: input.base.architecture ?? 'unknown',
    parameters: input.model.countParams(),
    dataset: {
      // A kept head predicts the base's classes: the model reads what the base read (mnist for digits).
      name: resolved.newHead ? 'custom' : (input.base.dataset ?? 'custom'),
      source: input.data.source,
      classNames: input.classNames,
      sha256: {},
      trainCount: input.trainCount,
      testCount: input.testCount,
    },
    hyperparameters: {
      epochs: resolved.epochs,
      batchSize: resolved.batchSize,
      optimizer: resolved.optimizer,
      learningRate: resolved.learningRate,
      schedule: resolved.schedule,
      labelSmoothing: resolved.labelSmoothing,
      augment: resolved.augment,
      workers: input.workers,
    },
    seed: resolved.seed,
    history: input.history,
    test: input.test,
    backend: input.backend,
    versions: {
      '@mnist/train': trainVersion,
      ...Object.fromEntries(Object.entries(tf.version).map(([k, v]) => [`@tensorflow/${k}`, String(v)])),
      node: process.version,
    },
    trainSeconds: input.trainSeconds,
    createdAt: new Date().toISOString(),
    fineTuning: {
      base: input.base,
      freeze: resolved.freeze,
      frozenLayers: input.frozenLayers,
      head: input.head,
      newHead: resolved.newHead,
      unfreeze: resolved.unfreeze,
      data: { source: input.data.source, count: input.data.count, classCounts: classCounts(input.data) },
      test: input.testData
        ? { source: input.testData.source, count: input.testData.count }
        : { heldOutFraction: input.heldOutFraction, count: input.testCount },
    },
  };
}
