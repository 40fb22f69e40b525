import type { BatchEndInfo, EpochEndInfo, TrainEvent } from '@mnist/train';
import { formatDuration } from './format-duration.js';
import { renderProgressBar } from './progress-bar.js';

/**
 * The text of a message that came from a failed module load, without the absolute path of the file that
 * tried the import (` imported from /home/me/project/node_modules/...`): such paths describe the machine
 * that ran the training, not the run, and must not end up in logs or --json output.
 */
export function withoutImporterPath(text: string): string {
  return text.replace(/ imported from (?:[A-Za-z]:)?[\\/][^\s)'"]*/g, '');
}

/** `tty`: a redrawn progress bar; `plain`: a line every tenth of an epoch; `json`: one JSON object per line. */
export type ReporterMode = 'tty' | 'plain' | 'json';

export interface TrainReporterOptions {
  mode: ReporterMode;
  write: (text: string) => void;
  /** ANSI colour (only used in `tty` mode). */
  color: boolean;
  /** Terminal width for the progress bar. */
  columns?: number;
  /** Clock in milliseconds, for redraw throttling. */
  now?: () => number;
}

/** The summary of a finished run; in `json` mode it becomes the last line, exactly these keys in this order. */
export interface DoneSummary {
  testAccuracy: number;
  testLoss: number;
  trainSeconds: number;
  epochs: number;
  backend: string;
  model: string;
  modelDir: string;
  testCount: number;
}

export interface AbortSummary {
  epoch: number;
  batch: number;
  checkpointDir: string | undefined;
  /** The command line that continues the run. */
  resumeCommand: string;
}

export interface TrainReporter {
  onLog(event: TrainEvent): void;
  onBatchEnd(info: BatchEndInfo): void;
  onEpochEnd(info: EpochEndInfo): void;
  done(summary: DoneSummary): void;
  aborted(summary: AbortSummary): void;
}

/** Redraws of the tty progress bar are at most this often (milliseconds). */
export const TTY_REDRAW_INTERVAL_MS = 100;
/** Plain (non-tty) output prints this many progress lines per epoch. */
export const PLAIN_LINES_PER_EPOCH = 10;

const ANSI = { bold: '\u001b[1m', dim: '\u001b[2m', green: '\u001b[32m', yellow: '\u001b[33m', reset: '\u001b[0m' };
const CLEAR_LINE = '\r\u001b[2K';

/** "1 image", "10,000 images". */
function countOf(n: number, noun: string): string {
  return `${n.toLocaleString('en-US')} ${noun}${n === 1 ? '' : 's'}`;
}

/** Fewer training images than this many batches' worth makes a run that cannot learn much: say so. */
const FEW_BATCHES_WARNING = 1;

function num(value: number, digits = 4): string {
  return Number.isFinite(value) ? value.toFixed(digits) : String(value);
}

function rateAndEta(info: BatchEndInfo): { rate: number; eta: number } {
  const rate = info.epochSeconds > 0 ? info.imagesSeen / info.epochSeconds : Number.NaN;
  const remainingImages = (info.batchesPerEpoch - info.batch) * info.size;
  return { rate, eta: rate > 0 ? remainingImages / rate : Number.NaN };
}

/** Creates the progress reporter `mnist train` feeds with the `train()` callbacks. */
export function createTrainReporter(options: TrainReporterOptions): TrainReporter {
  const { mode, write } = options;
  const color = options.color && mode === 'tty';
  const paint = (code: keyof typeof ANSI, text: string) => (color ? `${ANSI[code]}${text}${ANSI.reset}` : text);
  const now = options.now ?? (() => performance.now());
  const json = (value: Record<string, unknown>) => write(`${JSON.stringify(value)}\n`);
  let lastDraw = Number.NEGATIVE_INFINITY;
  let batchesPerEpoch = 0;
  // One numbering everywhere (as in "Interrupted in epoch 2 after batch 71"): the 1-based epoch a
  // position lies in and the batches of it that were done. A checkpoint counts completed epochs.
  const position = (completedEpochs: number, batch: number) =>
    batch > 0 || batchesPerEpoch === 0 ? { epoch: completedEpochs + 1, batch } : { epoch: completedEpochs, batch: batchesPerEpoch };
  let barVisible = false;

  const clearBar = () => {
    if (barVisible) write(CLEAR_LINE);
    barVisible = false;
  };

  return {
    onLog(event) {
      if (event.type === 'start') batchesPerEpoch = event.batchesPerEpoch;
      if (mode === 'json') {
        switch (event.type) {
          case 'start':
            json({
              event: 'start',
              model: event.model,
              parameters: event.parameters,
              dataset: event.dataset,
              backend: event.backend.name,
              reason: withoutImporterPath(event.backend.reason),
              trainCount: event.trainCount,
              validationCount: event.validationCount,
              testCount: event.testCount,
              epochs: event.epochs,
              batchSize: event.batchSize,
              batchesPerEpoch: event.batchesPerEpoch,
              workers: event.workers,
              ...(event.resumedFrom ? { resumedFrom: position(event.resumedFrom.epoch, event.resumedFrom.batch) } : {}),
            });
            return;
          case 'checkpoint':
            json({ event: 'checkpoint', dir: event.dir, ...position(event.epoch, event.batch) });
            return;
          case 'saved':
            json({ event: 'saved', dir: event.dir });
            return;
          default:
            return;
        }
      }
      // Checkpoints are silent and `done`/`aborted` print their own summaries.
      if (event.type === 'checkpoint' || event.type === 'aborted' || event.type === 'saved') return;
      clearBar();
      const message = withoutImporterPath(event.message);
      const text = event.type === 'start' ? paint('bold', message) : message;
      write(`${text}\n`);
      if (event.type === 'start' && event.trainCount < FEW_BATCHES_WARNING * event.batchSize && event.resumedFrom === undefined) {
        write(
          `${paint('yellow', 'Warning:')} only ${countOf(event.trainCount, 'training image')} (less than one batch of ${event.batchSize}): ` +
            'the model will barely learn. Raise --limit, lower --validation-split, or lower --batch-size.\n',
        );
      }
    },

    onBatchEnd(info) {
      if (mode === 'json') return;
      const { rate, eta } = rateAndEta(info);
      const stats = `loss ${num(info.epochLoss)} acc ${num(info.epochAcc)} ${Number.isFinite(rate) ? Math.round(rate) : '-'} img/s ETA ${formatDuration(eta)}`;
      if (mode === 'plain') {
        const every = Math.max(1, Math.ceil(info.batchesPerEpoch / PLAIN_LINES_PER_EPOCH));
        if (info.batch % every === 0 && info.batch < info.batchesPerEpoch) {
          write(`Epoch ${info.epoch}/${info.epochs} batch ${info.batch}/${info.batchesPerEpoch} ${stats}\n`);
        }
        return;
      }
      const t = now();
      if (t - lastDraw < TTY_REDRAW_INTERVAL_MS && info.batch < info.batchesPerEpoch) return;
      lastDraw = t;
      const head = `Epoch ${info.epoch}/${info.epochs} `;
      const count = ` ${info.batch}/${info.batchesPerEpoch} `;
      const width = Math.max(10, Math.min(30, (options.columns ?? 80) - head.length - count.length - stats.length - 4));
      write(`${CLEAR_LINE}${head}${renderProgressBar(info.batch / info.batchesPerEpoch, width)}${count}${paint('dim', stats)}`);
      barVisible = true;
    },

    onEpochEnd(info) {
      if (mode === 'json') {
        json({
          event: 'epoch',
          epoch: info.epoch,
          epochs: info.epochs,
          loss: info.loss,
          acc: info.acc,
          ...(info.val_loss === undefined ? {} : { val_loss: info.val_loss, val_acc: info.val_acc }),
          lr: info.lr,
          seconds: info.seconds,
        });
        return;
      }
      clearBar();
      const val = info.val_loss === undefined ? '' : ` - val_loss ${num(info.val_loss)} - val_acc ${num(info.val_acc ?? Number.NaN)}`;
      write(
        `Epoch ${info.epoch}/${info.epochs} - ${formatDuration(info.seconds)} - loss ${num(info.loss)} - acc ${num(info.acc)}${val} - lr ${info.lr.toExponential(2)}\n`,
      );
    },

    done(summary) {
      if (mode === 'json') {
        json({
          event: 'done',
          testAccuracy: summary.testAccuracy,
          testLoss: summary.testLoss,
          trainSeconds: summary.trainSeconds,
          epochs: summary.epochs,
          backend: summary.backend,
          model: summary.model,
          modelDir: summary.modelDir,
        });
        return;
      }
      clearBar();
      write(
        `${paint('green', `Test accuracy: ${(summary.testAccuracy * 100).toFixed(2)}%`)} (loss ${num(summary.testLoss)}, ${countOf(summary.testCount, 'image')}) ` +
          `after ${countOf(summary.epochs, 'epoch')}, ${summary.trainSeconds.toFixed(1)} s of training on ${summary.backend}\n`,
      );
      write(`Model written to ${summary.modelDir}\n`);
    },

    aborted(summary) {
      if (mode === 'json') {
        json({
          event: 'aborted',
          epoch: summary.epoch,
          batch: summary.batch,
          checkpointDir: summary.checkpointDir ?? null,
          resume: summary.resumeCommand,
        });
        return;
      }
      clearBar();
      const where = summary.checkpointDir ? ` Checkpoint saved in ${summary.checkpointDir}.` : '';
      write(`${paint('yellow', `Interrupted in epoch ${summary.epoch} after batch ${summary.batch}.`)}${where}\n`);
      write(`Resume with: ${summary.resumeCommand}\n`);
    },
  };
}
