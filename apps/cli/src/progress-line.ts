import type { CommandContext } from './command.js';
import { renderProgressBar } from './progress-bar.js';

/** Redraw at most this often (milliseconds). */
export const PROGRESS_REDRAW_INTERVAL_MS = 100;
/** Cells of the bar itself. */
const BAR_CELLS = 30;
const CLEAR_LINE = '\r\u001b[2K';

/** A one-line progress bar on stderr for a long operation (evaluation, report). */
export interface ProgressLine {
  /** Shows `done` of `total`. */
  update(done: number, total: number): void;
  /** Removes the bar (call before printing results). */
  clear(): void;
}

/**
 * A progress bar drawn on stderr when stderr is a terminal (`label [=====>    ] 1200/10000`);
 * otherwise it prints nothing, so piped output and `--json` stay clean.
 */
export function progressLine(
  context: Pick<CommandContext, 'stderr'>,
  label: string,
  now: () => number = () => performance.now(),
): ProgressLine {
  const enabled = context.stderr.isTTY === true;
  let visible = false;
  let lastDraw = Number.NEGATIVE_INFINITY;
  return {
    update(done, total) {
      if (!enabled) return;
      const t = now();
      if (done < total && t - lastDraw < PROGRESS_REDRAW_INTERVAL_MS) return;
      lastDraw = t;
      context.stderr.write(`${CLEAR_LINE}${label} ${renderProgressBar(total > 0 ? done / total : 0, BAR_CELLS)} ${done}/${total}`);
      visible = true;
    },
    clear() {
      if (visible) context.stderr.write(CLEAR_LINE);
      visible = false;
    },
  };
}
