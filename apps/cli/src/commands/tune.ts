import { readFile } from 'node:fs/promises';
import { extname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
// Types only: the library (and TensorFlow.js, bullmq) load when the command runs, so `mnist --help` stays instant.
import type { Params, SearchSpace, Study, TuneEvent, TuneOptions } from '@mnist/tune';
import type { Command, CommandContext } from '../command.js';
import { EXIT_INTERRUPTED, EXIT_OK } from '../exit-codes.js';
import { formatDuration } from '../format-duration.js';
import { parseChoiceFlag, parseCommandFlags, parseIntegerFlag } from '../parse-command-flags.js';
import { UsageError } from '../usage-error.js';
import { runTuneReport, TUNE_REPORT_HELP } from './tune-report.js';

const FLAGS = {
  model: { type: 'string' },
  trials: { type: 'string' },
  time: { type: 'string' },
  sampler: { type: 'string' },
  pruner: { type: 'string' },
  space: { type: 'string' },
  limit: { type: 'string' },
  epochs: { type: 'string' },
  seed: { type: 'string' },
  study: { type: 'string' },
  queue: { type: 'string' },
  parallel: { type: 'string' },
  'validation-split': { type: 'string' },
  objective: { type: 'string' },
  'data-dir': { type: 'string' },
  backend: { type: 'string' },
  workers: { type: 'string' },
  json: { type: 'boolean' },
  verbose: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

const WORKER_FLAGS = {
  queue: { type: 'string' },
  'lock-seconds': { type: 'string' },
  'data-dir': { type: 'string' },
  backend: { type: 'string' },
  workers: { type: 'string' },
  json: { type: 'boolean' },
  verbose: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export const TUNE_HELP = `Usage: mnist tune --study <dir> [flags]
       mnist tune worker --queue redis://host:port
       mnist tune report <study dir> [--out <file.html>]

Searches hyperparameters: samples configurations, trains each on the training images less a
held-out validation split, stops poor trials early at the rungs, and records every trial in the study
directory as it happens. At the end the best configuration is trained again and evaluated on the
test set (the test set is never used to choose), written to <study>/best.json and <study>/best-model.
Run the same command again to resume after Ctrl-C or a crash: no recorded trial is lost, an
interrupted one continues from its checkpoint. Reproduce the best model: mnist train --config <study>/best.json

Flags:
  --study <dir>            the study directory (required; created, or resumed when it holds this search)
  --model <name>           architecture (default cnn-fast; the default space is the model's own)
  --trials <n>             trials in all, recorded ones included (default 20)
  --time <minutes>         start no trial after this many minutes
  --sampler <name>         grid, random or tpe (default tpe)
  --pruner <name>          none or asha (default asha: rungs at epochs 1, 3, 9, … keep the best third)
  --space <file>           search space, JSON or a JS module exporting it (default: the model's space)
  --epochs <n>             epochs of a full trial (default 3)
  --limit <n>              train on the first n training images (validation split included)
  --validation-split <f>   fraction held out for the objective (default 0.1)
  --objective <name>       accuracy (maximised, default) or loss (minimised), on the validation split
  --seed <n>               seeds the sampler and the training of every trial (default 42)
  --queue <redis://h:p>    run trials on the workers of a BullMQ queue on Redis (mnist tune worker)
  --parallel <n>           with --queue: trials queued at once (default 2)
  --data-dir <dir>         read the IDX files from this directory
  --backend <name>         auto, wasm, cpu or tensorflow
  --workers <n|auto>       data-parallel threads per trial (default auto: one per core)
  --json                   one JSON event per line; the last is {"event":"done",…}
  -h, --help               show this help

Space file: { "parameters": { "learningRate": { "type": "log-float", "low": 1e-4, "high": 1e-2 },
  "optimizer": { "type": "choice", "values": ["adam", "sgd"] },
  "dropout": { "type": "float", "low": 0, "high": 0.5, "when": { "optimizer": ["sgd"] } } } }
Types: choice, int (low, high, step), float and log-float (low, high; steps for the grid sampler).

Exit codes: 0 done, 1 failure (unreachable Redis, study in use), 2 bad flags, space or study, 130 Ctrl-C.
`;

const WORKER_HELP = `Usage: mnist tune worker --queue redis://host:port [flags]

Runs trials from the queue of an \`mnist tune --queue\` coordinator, one at a time with every core of
this machine, until Ctrl-C. A worker that dies mid-trial leaves its trial to another worker once
its lock expires. If Redis goes away the worker waits and reconnects.

Flags:
  --queue <redis://h:p>    the Redis of the coordinator (required)
  --lock-seconds <n>       job lock: a dead worker's trial is taken over after about this long (default 30)
  --data-dir <dir>         read the IDX files from this directory
  --backend <name>         auto, wasm, cpu or tensorflow
  --workers <n|auto>       data-parallel threads (default auto: one per core)
  --json                   one JSON event per line
  -h, --help               show this help
`;

async function loadSpaceFile(path: string): Promise<unknown> {
  const ext = extname(path).toLowerCase();
  if (ext === '.js' || ext === '.mjs' || ext === '.cjs') {
    const module = (await import(pathToFileURL(path).href)) as { default?: unknown; space?: unknown };
    return module.default ?? module.space;
  }
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new UsageError(`--space ${path}: cannot read it (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}).`, '--space');
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(`--space ${path}: not valid JSON (${(error as Error).message}).`, '--space');
  }
}

function numberFlag(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n)) throw new UsageError(`${flag} expects a number, got ${JSON.stringify(value)}.`, flag);
  return n;
}

function workersFlag(value: string | undefined): number | 'auto' | undefined {
  return value === undefined || value === 'auto' ? value : parseIntegerFlag('--workers', value);
}

function shortValue(value: unknown): string {
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : value.toPrecision(3);
  return JSON.stringify(value).replaceAll('"', '');
}

function paramsText(params: Params): string {
  return Object.entries(params)
    .map(([k, v]) => `${k}=${shortValue(v)}`)
    .join(' ');
}

const pct = (v: number | undefined) => (v === undefined || !Number.isFinite(v) ? '   -   ' : `${(v * 100).toFixed(2)}%`);

/** The live table: one row per epoch and per finished trial, with the best so far and an ETA. */
function tableReporter(write: (text: string) => void, trialBudget: number): (event: TuneEvent) => void {
  const started = Date.now();
  let finished = 0;
  let finishedThisRun = 0;
  let best: { trial: number; value: number } | undefined;
  let epochs = 0;
  const row = (trial: number, state: string, rung: string, value: string, params: string) =>
    write(`${String(trial).padStart(5)}  ${state.padEnd(9)} ${rung.padEnd(6)} ${value.padStart(8)}  ${best ? `${pct(best.value)} (#${best.trial})` : '     -      '}  ${params}\n`);
  return (event) => {
    switch (event.type) {
      case 'study':
        epochs = event.settings.epochs;
        finished = event.recordedTrials;
        write(
          `${event.resumed ? 'Resuming' : 'Starting'} study ${event.dir} (${event.recordedTrials} trial(s) recorded): ` +
            `${event.settings.model}, sampler ${event.settings.sampler}, pruner ${event.settings.pruner}, ${event.settings.epochs} epoch(s) per trial, ` +
            `objective validation ${event.settings.objective}, seed ${event.settings.seed}` +
            `${event.gridSize === undefined ? '' : `, grid of ${event.gridSize}`}\n`,
        );
        write(`trial  state     epoch  val acc  best so far    parameters\n`);
        break;
      case 'trial-start':
        row(event.trial, event.resumed ? 'resumed' : 'started', `0/${epochs}`, '', paramsText(event.params));
        break;
      case 'epoch':
        row(event.trial, event.decision === 'prune' ? 'pruning' : 'running', `${event.epoch}/${event.epochs}${event.rung ? '*' : ''}`, pct(event.valAcc), '');
        break;
      case 'trial-end': {
        finished++;
        finishedThisRun++;
        best = event.best;
        const perTrial = (Date.now() - started) / finishedThisRun;
        const left = Math.max(0, trialBudget - finished);
        row(event.trial, event.state, `${event.epochs}/${epochs}`, event.state === 'failed' ? 'failed' : pct(event.value), `ETA ${formatDuration((left * perTrial) / 1000)}${event.error ? ` · ${event.error}` : ''}`);
        break;
      }
      case 'final-start':
        write(`Training the best configuration (trial ${event.trial}) again and evaluating it on the test set...\n`);
        break;
      case 'final':
        write(
          `Best: trial ${event.trial}, validation accuracy ${pct(event.validationAccuracy)}, test accuracy ${pct(event.testAccuracy)}\n` +
            `Configuration: ${event.config} (mnist train --config ${event.config})\nModel: ${event.modelDir}\n`,
        );
        break;
    }
  };
}

/** Turns the library's bad-input errors into usage errors (exit 2). */
async function asUsageError(error: unknown): Promise<never> {
  const { InvalidSpaceError, InvalidTuneOptionError, StudyMismatchError, StudyDirError } = await import('@mnist/tune');
  if (InvalidSpaceError.isInstance(error) || InvalidTuneOptionError.isInstance(error) || StudyMismatchError.isInstance(error) || StudyDirError.isInstance(error)) {
    throw new UsageError((error as Error).message);
  }
  throw error;
}

function interruptController(context: CommandContext, message: string): { controller: AbortController; dispose(): void } {
  const controller = new AbortController();
  let interrupts = 0;
  const onSigint = () => {
    interrupts++;
    if (interrupts === 1) {
      controller.abort();
      context.stderr.write(`\n${message} (press Ctrl-C again to quit at once)...\n`);
    } else {
      process.exit(EXIT_INTERRUPTED);
    }
  };
  const onSigterm = () => controller.abort();
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigterm);
  return {
    controller,
    dispose: () => {
      process.off('SIGINT', onSigint);
      process.off('SIGTERM', onSigterm);
    },
  };
}

async function runSearch(args: string[], context: CommandContext): Promise<number> {
  const { values, positionals } = parseCommandFlags('tune', args, FLAGS);
  if (values.help) {
    context.stdout.write(TUNE_HELP);
    return EXIT_OK;
  }
  if (positionals.length > 0) throw new UsageError(`mnist tune takes no arguments, got ${JSON.stringify(positionals[0])} (subcommands: worker, report).`);
  if (values.study === undefined) throw new UsageError('mnist tune needs --study <dir>: where the study is recorded (and resumed from).', '--study');
  if (values.parallel !== undefined && values.queue === undefined) throw new UsageError('--parallel needs --queue (local trials run one at a time).', '--parallel');
  const sampler = parseChoiceFlag('--sampler', values.sampler, ['grid', 'random', 'tpe'] as const);
  const pruner = parseChoiceFlag('--pruner', values.pruner, ['none', 'asha'] as const);
  const objective = parseChoiceFlag('--objective', values.objective, ['accuracy', 'loss'] as const);
  const time = numberFlag('--time', values.time);
  if (time !== undefined && time <= 0) throw new UsageError(`--time expects a positive number of minutes, got ${values.time}.`, '--time');
  const studyDir = resolve(context.cwd, values.study);
  const spacePath = values.space === undefined ? undefined : resolve(context.cwd, values.space);
  const tuneLib = await import('@mnist/tune');
  let space: SearchSpace | undefined;
  try {
    space = spacePath === undefined ? undefined : tuneLib.parseSearchSpace(await loadSpaceFile(spacePath), spacePath);
  } catch (error) {
    return asUsageError(error);
  }
  const trials = parseIntegerFlag('--trials', values.trials) ?? tuneLib.DEFAULT_TRIALS;
  const options: TuneOptions = {
    studyDir,
    ...(values.model === undefined ? {} : { model: values.model }),
    ...(space === undefined ? {} : { space }),
    ...(sampler === undefined ? {} : { sampler }),
    ...(pruner === undefined ? {} : { pruner }),
    ...(objective === undefined ? {} : { objective }),
    trials,
    ...(time === undefined ? {} : { timeMinutes: time }),
    ...(values.epochs === undefined ? {} : { epochs: parseIntegerFlag('--epochs', values.epochs) as number }),
    ...(values.limit === undefined ? {} : { limit: parseIntegerFlag('--limit', values.limit) as number }),
    ...(values.seed === undefined ? {} : { seed: parseIntegerFlag('--seed', values.seed, { min: 0 }) as number }),
    ...(values['validation-split'] === undefined ? {} : { validationSplit: numberFlag('--validation-split', values['validation-split']) as number }),
    ...(values['data-dir'] === undefined ? {} : { dataDir: resolve(context.cwd, values['data-dir']) }),
    ...(values.backend === undefined ? {} : { backend: values.backend as TuneOptions['backend'] & string }),
    ...(values.workers === undefined ? {} : { workers: workersFlag(values.workers) as number | 'auto' }),
  };
  // Every check that needs no writing comes first: flags, space, and (with --queue) Redis.
  try {
    tuneLib.resolveTuneSettings(options);
  } catch (error) {
    return asUsageError(error);
  }
  if (values.queue !== undefined) {
    const queueLib = await import('@mnist/tune/queue');
    await queueLib.assertQueueReachable(values.queue);
    const url = values.queue;
    const concurrency = parseIntegerFlag('--parallel', values.parallel);
    options.executor = (study) => queueLib.createQueueExecutor({ url, studyId: study.id, ...(concurrency === undefined ? {} : { concurrency }) });
  }
  const json = values.json ?? false;
  const table = tableReporter((text) => context.stdout.write(text), trials);
  options.onEvent = (event) => {
    if (json) {
      const { type, ...rest } = event;
      context.stdout.write(`${JSON.stringify({ event: type, ...rest })}\n`);
    } else table(event);
  };
  const { controller, dispose } = interruptController(context, 'Stopping the running trial(s) and saving checkpoints');
  options.signal = controller.signal;
  let study: Study;
  try {
    study = await tuneLib.tune(options).catch(asUsageError);
  } finally {
    dispose();
  }
  const bestValidationAccuracy = study.best?.curve.at(-1)?.valAcc ?? null;
  if (json) {
    context.stdout.write(
      `${JSON.stringify({
        event: 'done',
        trials: study.trials.length,
        completed: study.completed,
        pruned: study.pruned,
        bestValidationAccuracy,
        bestTestAccuracy: study.final?.trial === study.best?.trial ? (study.final?.testAccuracy ?? null) : null,
        bestConfig: study.final?.config ?? null,
        studyDir: study.dir,
        ...(study.interrupted ? { interrupted: true } : {}),
      })}\n`,
    );
  } else {
    context.stdout.write(
      `${study.trials.length} trial(s): ${study.completed} complete, ${study.pruned} pruned, ${study.failed} failed.` +
        `${study.interrupted ? ` Interrupted: run the same command to resume.` : ''}\n`,
    );
  }
  return study.interrupted ? EXIT_INTERRUPTED : EXIT_OK;
}

async function runWorker(args: string[], context: CommandContext): Promise<number> {
  const { values, positionals } = parseCommandFlags('tune worker', args, WORKER_FLAGS);
  if (values.help) {
    context.stdout.write(WORKER_HELP);
    return EXIT_OK;
  }
  if (positionals.length > 0) throw new UsageError(`mnist tune worker takes no arguments, got ${JSON.stringify(positionals[0])}.`);
  if (values.queue === undefined) throw new UsageError('mnist tune worker needs --queue redis://host:port (the coordinator\'s Redis).', '--queue');
  const lockSeconds = parseIntegerFlag('--lock-seconds', values['lock-seconds']);
  const queueLib = await import('@mnist/tune/queue');
  await queueLib.assertQueueReachable(values.queue);
  const { controller, dispose } = interruptController(context, 'Stopping; the running trial goes back to the queue');
  const json = values.json ?? false;
  try {
    await queueLib.runQueueWorker({
      url: values.queue,
      ...(lockSeconds === undefined ? {} : { lockMs: lockSeconds * 1000 }),
      ...(values['data-dir'] === undefined ? {} : { dataDir: resolve(context.cwd, values['data-dir']) }),
      ...(values.backend === undefined ? {} : { backend: values.backend as 'auto' }),
      ...(values.workers === undefined ? {} : { workers: workersFlag(values.workers) as number | 'auto' }),
      signal: controller.signal,
      onEvent: (event) => {
        if (json) {
          const { type, ...rest } = event;
          context.stdout.write(`${JSON.stringify({ event: type, ...rest })}\n`);
          return;
        }
        switch (event.type) {
          case 'ready':
            context.stdout.write(`Worker ${event.worker} waiting for trials on queue ${event.queue}\n`);
            break;
          case 'trial-start':
            context.stdout.write(`trial ${event.trial} of study ${event.study}: started\n`);
            break;
          case 'epoch':
            context.stdout.write(`trial ${event.trial}: epoch ${event.epoch}/${event.epochs} val acc ${pct(event.valAcc)}${event.decision === 'prune' ? ' (pruned)' : ''}\n`);
            break;
          case 'trial-end':
            context.stdout.write(`trial ${event.trial}: ${event.state}, val acc ${pct(event.valAcc)}\n`);
            break;
        }
      },
    });
  } finally {
    dispose();
  }
  return EXIT_INTERRUPTED;
}

async function runTune(args: string[], context: CommandContext): Promise<number> {
  const [first, ...rest] = args;
  if (first === 'worker') return runWorker(rest, context);
  if (first === 'report') return runTuneReport(rest, context);
  return runSearch(args, context);
}

export const tuneCommand: Command = {
  name: 'tune',
  summary: 'search hyperparameters (grid, random, TPE; ASHA pruning; resumable; many machines with --queue)',
  help: `${TUNE_HELP}\n${TUNE_REPORT_HELP}`,
  run: runTune,
};
