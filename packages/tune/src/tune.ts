import { rename, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { DatasetName, MnistData } from '@mnist/data';
import { loadMnist } from '@mnist/data/node';
import { MODEL_NAMES, type ModelName } from '@mnist/models';
import { type BackendRequest, DATASET_NAMES, DEFAULT_SEED, MAX_SEED, train } from '@mnist/train';
import { AshaPruner, DEFAULT_REDUCTION_FACTOR, PRUNERS, type PruneDecision, type PrunerName } from './asha-pruner.js';
import { type EpochReport, runTrial, type TrialJob, type TrialOutcome } from './run-trial.js';
import { createSampler, type ObservedTrial, SAMPLERS, type SamplerName } from './samplers.js';
import { canonicalSpace, defaultSearchSpace, type Params, parseSearchSpace, type SearchSpace } from './search-space.js';
import { BEST_CONFIG_FILE, BEST_MODEL_DIR, type StudyFile, type StudySettings, StudyStore } from './study-store.js';
import { bestTrial, type FinalSummary, scoreOf, summarizeRecords, type TrialSummary } from './study-summary.js';
import { type TrainConfig, type TrialSettings, trainConfigOf, trainOptionsOf } from './trial-config.js';
import { InvalidTuneOptionError, type StudyDifference, StudyMismatchError } from './tune-error.js';

/** Runs trials somewhere: in this process (the default) or on a queue's workers (`@mnist/tune/queue`). */
export interface TrialExecutor {
  /** Trials run at once. */
  readonly concurrency: number;
  /** Runs one trial; `onEpoch` is asked after each of its epochs (idempotently: a re-run trial asks again). */
  run(job: TrialJob, hooks: TrialHooks): Promise<TrialOutcome>;
  close?(): Promise<void>;
}

export interface TrialHooks {
  onEpoch(report: EpochReport): Promise<PruneDecision>;
  signal: AbortSignal;
  /** A checkpoint directory for the trial (local trials resume from it). */
  checkpointDir: string;
}

/** Progress of a search, passed to `onEvent` (and printed by `mnist tune --json`). */
export type TuneEvent =
  | { type: 'study'; dir: string; id: string; resumed: boolean; recordedTrials: number; settings: StudySettings; gridSize?: number }
  | { type: 'trial-start'; trial: number; params: Params; resumed: boolean }
  | { type: 'epoch'; trial: number; epoch: number; epochs: number; valAcc: number; valLoss: number; decision: PruneDecision; rung: boolean }
  | { type: 'trial-end'; trial: number; state: 'complete' | 'pruned' | 'failed'; value: number | undefined; epochs: number; seconds: number; error?: string; best: { trial: number; value: number } | undefined }
  | { type: 'final-start'; trial: number }
  | ({ type: 'final' } & FinalSummary);

/** Options of `tune()`. */
export interface TuneOptions {
  /** The study directory: created when missing, resumed when it holds this search's study. */
  studyDir: string;
  /** Architecture (a space may also vary `model`). Default `cnn-fast`. */
  model?: string;
  /** The search space (validated); default: the built-in space of `model`. */
  space?: SearchSpace;
  /** Default `tpe`. */
  sampler?: SamplerName;
  /** Default `asha`. */
  pruner?: PrunerName;
  /** Trials in all (recorded ones included). Default 20. */
  trials?: number;
  /** No trial starts after this many minutes (running ones finish). */
  timeMinutes?: number;
  /** Epochs of a full trial. Default 3. */
  epochs?: number;
  /** Train on the first `limit` training images (validation included). */
  limit?: number;
  /** Fraction of the training images held out for the objective. Default 0.1. */
  validationSplit?: number;
  /** Seeds the sampler and every trial's training. Default 42. */
  seed?: number;
  /** Validation `accuracy` (maximised, default) or `loss` (minimised). */
  objective?: 'accuracy' | 'loss';
  /** ASHA's first rung (epochs). Default 1. */
  minEpochs?: number;
  /** ASHA's η. Default 3. */
  reductionFactor?: number;
  dataset?: DatasetName;
  dataDir?: string;
  /** Already-loaded data (local trials and the final evaluation). */
  data?: MnistData;
  backend?: BackendRequest;
  workers?: number | 'auto';
  /** Train the best configuration again and evaluate it on the test set (default true). */
  evaluateBest?: boolean;
  /** Where trials run; default: this process, one at a time. A function is called with the study's id once it is open. */
  executor?: TrialExecutor | ((study: { id: string; dir: string }) => TrialExecutor);
  /** Aborting stops the running trials (they resume from their checkpoints) and resolves with `interrupted: true`. */
  signal?: AbortSignal;
  onEvent?: (event: TuneEvent) => void;
}

/** What `tune()` resolves with. */
export interface Study {
  dir: string;
  id: string;
  settings: StudySettings;
  trials: TrialSummary[];
  best: TrialSummary | undefined;
  /** The best trial trained again and evaluated on the test set. */
  final: FinalSummary | undefined;
  completed: number;
  pruned: number;
  failed: number;
  /** True when `signal` stopped the search. */
  interrupted: boolean;
}

/** Default number of trials of a search. */
export const DEFAULT_TRIALS = 20;
/** Default epochs of a full trial. */
export const DEFAULT_TUNE_EPOCHS = 3;
/** Default validation fraction (the objective's data). */
export const DEFAULT_TUNE_VALIDATION_SPLIT = 0.1;

function positiveInteger(option: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) throw new InvalidTuneOptionError({ option, value, expected: 'a positive integer' });
  return value;
}

/** Validated options and the study settings they fix. */
export function resolveTuneSettings(options: TuneOptions): { settings: StudySettings; space: SearchSpace; trials: number } {
  const model = options.model ?? 'cnn-fast';
  if (!(MODEL_NAMES as readonly string[]).includes(model)) throw new InvalidTuneOptionError({ option: 'model', value: model, expected: `one of ${MODEL_NAMES.join(', ')}` });
  const sampler = options.sampler ?? 'tpe';
  if (!SAMPLERS.includes(sampler)) throw new InvalidTuneOptionError({ option: 'sampler', value: sampler, expected: `one of ${SAMPLERS.join(', ')}` });
  const pruner = options.pruner ?? 'asha';
  if (!PRUNERS.includes(pruner)) throw new InvalidTuneOptionError({ option: 'pruner', value: pruner, expected: `one of ${PRUNERS.join(', ')}` });
  const seed = options.seed ?? DEFAULT_SEED;
  if (!Number.isSafeInteger(seed) || seed < 0 || seed > MAX_SEED) throw new InvalidTuneOptionError({ option: 'seed', value: seed, expected: `an integer from 0 to ${MAX_SEED}` });
  const validationSplit = options.validationSplit ?? DEFAULT_TUNE_VALIDATION_SPLIT;
  if (typeof validationSplit !== 'number' || !(validationSplit > 0 && validationSplit < 1)) {
    throw new InvalidTuneOptionError({ option: 'validationSplit', value: validationSplit, expected: 'a fraction in (0, 1): the objective is measured on it' });
  }
  const objective = options.objective ?? 'accuracy';
  if (objective !== 'accuracy' && objective !== 'loss') throw new InvalidTuneOptionError({ option: 'objective', value: objective, expected: 'accuracy or loss' });
  const dataset = options.dataset ?? options.data?.dataset ?? 'mnist';
  if (!DATASET_NAMES.includes(dataset)) throw new InvalidTuneOptionError({ option: 'dataset', value: dataset, expected: `one of ${DATASET_NAMES.join(', ')}` });
  if (options.timeMinutes !== undefined && !(typeof options.timeMinutes === 'number' && options.timeMinutes > 0)) {
    throw new InvalidTuneOptionError({ option: 'timeMinutes', value: options.timeMinutes, expected: 'a positive number of minutes' });
  }
  const space = options.space === undefined ? defaultSearchSpace(model) : parseSearchSpace(options.space, 'the space option');
  return {
    space,
    trials: positiveInteger('trials', options.trials ?? DEFAULT_TRIALS),
    settings: {
      model,
      space: canonicalSpace(space),
      sampler,
      pruner,
      seed,
      epochs: positiveInteger('epochs', options.epochs ?? DEFAULT_TUNE_EPOCHS),
      limit: options.limit === undefined ? null : positiveInteger('limit', options.limit),
      validationSplit,
      objective,
      dataset,
      minEpochs: positiveInteger('minEpochs', options.minEpochs ?? 1),
      reductionFactor: positiveInteger('reductionFactor', options.reductionFactor ?? DEFAULT_REDUCTION_FACTOR),
    },
  };
}

/** The settings on which an existing study and a requested search differ. */
export function studyDifferences(existing: StudyFile, settings: StudySettings): StudyDifference[] {
  const differences: StudyDifference[] = [];
  for (const key of Object.keys(settings) as (keyof StudySettings)[]) {
    const a = existing.settings[key] ?? null;
    const b = settings[key] ?? null;
    if (JSON.stringify(a) !== JSON.stringify(b)) {
      differences.push({ setting: key, study: key === 'space' ? JSON.parse(String(a)) : a, requested: key === 'space' ? JSON.parse(String(b)) : b });
    }
  }
  return differences;
}

function trialSettingsOf(settings: StudySettings): TrialSettings {
  return {
    model: settings.model as ModelName,
    dataset: settings.dataset as DatasetName,
    epochs: settings.epochs,
    limit: settings.limit ?? undefined,
    validationSplit: settings.validationSplit,
    seed: settings.seed,
  };
}

/** The default executor: trials one at a time in this process, resumed from their checkpoints. */
export function createLocalExecutor(options: { data?: MnistData; dataDir?: string; dataset?: DatasetName; backend?: BackendRequest; workers?: number | 'auto' } = {}): TrialExecutor {
  let data: Promise<MnistData> | undefined = options.data ? Promise.resolve(options.data) : undefined;
  return {
    concurrency: 1,
    async run(job, hooks) {
      data ??= loadMnist(
        options.dataDir === undefined ? { dataset: job.settings.dataset } : { dataset: job.settings.dataset, source: 'directory', dir: options.dataDir },
      );
      return runTrial(job, {
        data: await data,
        ...(options.backend === undefined ? {} : { backend: options.backend }),
        ...(options.workers === undefined ? {} : { workers: options.workers }),
        checkpointDir: hooks.checkpointDir,
        signal: hooks.signal,
        onEpoch: hooks.onEpoch,
      });
    },
  };
}

/**
 * Runs a hyperparameter search: samples configurations, trains each with `@mnist/train` (validation
 * split held out), prunes the poor ones at the rungs, records everything in the study directory as it
 * happens, and at the end trains the best configuration again, evaluates it on the test set and writes
 * `best.json` (for `mnist train --config`) and the model to `best-model/`. Resumes a study directory of
 * the same search: no recorded trial is run again; an interrupted one continues from its checkpoint.
 *
 * @throws InvalidTuneOptionError / InvalidSpaceError before anything is written; StudyMismatchError for a
 *   study of another search; StudyLockedError when another process runs the study.
 */
export async function tune(options: TuneOptions): Promise<Study> {
  const { settings, space, trials: trialBudget } = resolveTuneSettings(options);
  const sampler = createSampler(settings.sampler as SamplerName, space, settings.seed);
  const dir = resolve(options.studyDir);
  const emit = options.onEvent ?? (() => undefined);
  const store = await StudyStore.open(dir, settings, (existing) => {
    const differences = studyDifferences(existing, settings);
    if (differences.length > 0) throw new StudyMismatchError({ dir, differences });
  });
  const executor =
    typeof options.executor === 'function' ? options.executor({ id: store.file.id, dir }) : (options.executor ?? createLocalExecutor(options));
  const signal = options.signal;
  try {
    const pruner = settings.pruner === 'asha' ? new AshaPruner({ maxEpochs: settings.epochs, minEpochs: settings.minEpochs, reductionFactor: settings.reductionFactor }) : undefined;
    const recorded = summarizeRecords(store.records).trials;
    for (const record of store.records) {
      if (record.type === 'epoch') pruner?.restore(record.trial, record.epoch, record.score, record.decision);
    }
    emit({
      type: 'study',
      dir,
      id: store.file.id,
      resumed: !store.created,
      recordedTrials: recorded.length,
      settings,
      ...(sampler.size === undefined ? {} : { gridSize: sampler.size }),
    });
    const trialSettings = trialSettingsOf(settings);
    const summaries = () => summarizeRecords(store.records).trials;
    const observed = (): ObservedTrial[] =>
      summaries().map((t) => ({
        params: t.params,
        score: t.state === 'complete' || t.state === 'pruned' ? (t.value === undefined ? undefined : scoreOf(t.value, settings.objective)) : undefined,
      }));
    const best = () => {
      const b = bestTrial(summaries(), settings.objective);
      return b && b.value !== undefined ? { trial: b.trial, value: b.value } : undefined;
    };
    // Appends are serialised so that records from concurrent trials never interleave.
    let writing: Promise<void> = Promise.resolve();
    const append = (record: Parameters<StudyStore['append']>[0]) => {
      writing = writing.then(() => store.append(record));
      return writing;
    };

    const onEpoch = async (report: EpochReport): Promise<PruneDecision> => {
      const value = settings.objective === 'loss' ? report.valLoss : report.valAcc;
      const score = scoreOf(value, settings.objective);
      const already = store.records.find((r) => r.type === 'epoch' && r.trial === report.trial && r.epoch === report.epoch);
      if (already && already.type === 'epoch') return already.decision;
      const decision = pruner && report.epoch < report.epochs ? pruner.report(report.trial, report.epoch, score) : 'continue';
      await append({ type: 'epoch', trial: report.trial, epoch: report.epoch, valAcc: report.valAcc, valLoss: report.valLoss, acc: report.acc, loss: report.loss, score, decision });
      emit({ type: 'epoch', trial: report.trial, epoch: report.epoch, epochs: report.epochs, valAcc: report.valAcc, valLoss: report.valLoss, decision, rung: pruner?.isRung(report.epoch) ?? false });
      return decision;
    };

    const stopper = new AbortController();
    const onAbort = () => stopper.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    if (signal?.aborted) stopper.abort();
    const deadline = options.timeMinutes === undefined ? Number.POSITIVE_INFINITY : Date.now() + options.timeMinutes * 60_000;

    const runOne = async (trial: number, params: Params): Promise<void> => {
      let outcome: TrialOutcome;
      try {
        outcome = await executor.run({ trial, params, settings: trialSettings }, { onEpoch, signal: stopper.signal, checkpointDir: store.trialCheckpointDir(trial) });
      } catch (error) {
        if (stopper.signal.aborted) return;
        const message = error instanceof Error ? error.message : String(error);
        await append({ type: 'end', trial, state: 'failed', epochs: 0, seconds: 0, error: message });
        emit({ type: 'trial-end', trial, state: 'failed', value: undefined, epochs: 0, seconds: 0, error: message, best: best() });
        await store.removeTrialDir(trial);
        return;
      }
      if (outcome.state === 'interrupted') return;
      const value = settings.objective === 'loss' ? outcome.valLoss : outcome.valAcc;
      const worker = (outcome as TrialOutcome & { worker?: string }).worker;
      await append({
        type: 'end',
        trial,
        state: outcome.state,
        ...(value === undefined ? {} : { value }),
        epochs: outcome.epochs,
        seconds: outcome.seconds,
        ...(worker === undefined ? {} : { worker }),
      });
      await store.removeTrialDir(trial);
      emit({ type: 'trial-end', trial, state: outcome.state, value, epochs: outcome.epochs, seconds: outcome.seconds, best: best() });
    };

    // Trials started but not ended: a pruning decision already recorded ends them; the others run again.
    const unfinished: TrialSummary[] = [];
    for (const t of recorded.filter((r) => r.state === 'running')) {
      const last = t.curve.at(-1);
      if (last?.decision === 'prune') {
        const value = settings.objective === 'loss' ? last.valLoss : last.valAcc;
        await append({ type: 'end', trial: t.trial, state: 'pruned', value, epochs: last.epoch, seconds: 0 });
        await store.removeTrialDir(t.trial);
        emit({ type: 'trial-end', trial: t.trial, state: 'pruned', value, epochs: last.epoch, seconds: 0, best: best() });
      } else {
        unfinished.push(t);
      }
    }
    let nextTrial = recorded.length === 0 ? 0 : Math.max(...recorded.map((t) => t.trial)) + 1;
    let exhausted = false;
    const inFlight = new Map<number, Promise<void>>();
    const start = (trial: number, params: Params) => {
      const promise = runOne(trial, params).finally(() => inFlight.delete(trial));
      inFlight.set(trial, promise);
    };
    for (;;) {
      while (inFlight.size < Math.max(1, executor.concurrency) && !stopper.signal.aborted) {
        const resumed = unfinished.shift();
        if (resumed) {
          emit({ type: 'trial-start', trial: resumed.trial, params: resumed.params, resumed: true });
          start(resumed.trial, resumed.params);
          continue;
        }
        if (exhausted || nextTrial >= trialBudget || Date.now() >= deadline) break;
        const params = sampler.sample(nextTrial, observed());
        if (params === undefined) {
          exhausted = true;
          break;
        }
        const trial = nextTrial++;
        await append({ type: 'trial', trial, params, at: new Date().toISOString() });
        emit({ type: 'trial-start', trial, params, resumed: false });
        start(trial, params);
      }
      if (inFlight.size === 0) break;
      await Promise.race(inFlight.values());
    }
    await writing;

    let trials = summaries();
    let final = summarizeRecords(store.records).final;
    const bestSummary = bestTrial(trials, settings.objective);
    const interrupted = stopper.signal.aborted;
    if (!interrupted && bestSummary && (options.evaluateBest ?? true) && !(final?.trial === bestSummary.trial && (await store.hasBestModel()))) {
      emit({ type: 'final-start', trial: bestSummary.trial });
      const evaluated = await evaluateBest(store, bestSummary, trialSettings, options, stopper.signal);
      if (evaluated) {
        await append({ type: 'final', ...evaluated });
        await writing;
        final = evaluated;
        emit({ type: 'final', ...evaluated });
      }
      trials = summaries();
    }
    return {
      dir,
      id: store.file.id,
      settings,
      trials,
      best: bestSummary,
      final,
      completed: trials.filter((t) => t.state === 'complete').length,
      pruned: trials.filter((t) => t.state === 'pruned').length,
      failed: trials.filter((t) => t.state === 'failed').length,
      interrupted: stopper.signal.aborted,
    };
  } finally {
    await executor.close?.();
    await store.close();
  }
}

/** Trains the best configuration again (same seed and split), evaluates it on the test set, writes best.json and best-model/. */
async function evaluateBest(
  store: StudyStore,
  best: TrialSummary,
  settings: TrialSettings,
  options: TuneOptions,
  signal: AbortSignal,
): Promise<FinalSummary | undefined> {
  const config: TrainConfig = trainConfigOf(best.params, settings);
  const modelDir = join(store.dir, BEST_MODEL_DIR);
  // best-model/ is this study's own output: a previous best (or an interrupted final run) is replaced.
  await rm(modelDir, { recursive: true, force: true });
  const result = await train({
    ...trainOptionsOf(config),
    ...(options.data ? { data: options.data } : {}),
    ...(options.dataDir === undefined ? {} : { dataDir: options.dataDir }),
    backend: options.backend ?? 'auto',
    workers: options.workers ?? 'auto',
    outDir: modelDir,
    signal,
  });
  result.model.dispose();
  if (result.aborted || !result.test) return undefined;
  const validationAccuracy = result.history.val_acc.at(-1) ?? Number.NaN;
  const configPath = join(store.dir, BEST_CONFIG_FILE);
  const file = {
    ...config,
    tune: { study: store.file.id, trial: best.trial, params: best.params, validationAccuracy, testAccuracy: result.test.accuracy },
  };
  const tmp = `${configPath}.tmp-${process.pid}`;
  await writeFile(tmp, `${JSON.stringify(file, null, 2)}\n`);
  await rename(tmp, configPath);
  return { trial: best.trial, validationAccuracy, testAccuracy: result.test.accuracy, testLoss: result.test.loss, config: configPath, modelDir };
}
