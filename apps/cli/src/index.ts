export type { Command, CommandContext } from './command.js';
export { CLI_VERSION } from './cli-version.js';
export { COMMANDS } from './commands/index.js';
export { EXIT_FAILURE, EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE } from './exit-codes.js';
export { formatDuration } from './format-duration.js';
export { main, mainHelp, processContext } from './main.js';
export { renderProgressBar } from './progress-bar.js';
export {
  type AbortSummary,
  createTrainReporter,
  type DoneSummary,
  type ReporterMode,
  type TrainReporter,
  type TrainReporterOptions,
} from './train-reporter.js';
export { UsageError } from './usage-error.js';
