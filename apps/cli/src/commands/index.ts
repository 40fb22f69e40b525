import type { Command } from '../command.js';
import { calibrateCommand } from './calibrate.js';
import { dataCommand } from './data.js';
import { evaluateCommand } from './evaluate.js';
import { finetuneCommand } from './finetune.js';
import { modelsCommand } from './models.js';
import { predictCommand } from './predict.js';
import { readCommand } from './read.js';
import { releaseCommand } from './release.js';
import { reportCommand } from './report.js';
import { robustnessCommand } from './robustness.js';
import { summaryCommand } from './summary.js';
import { trainCommand } from './train.js';
import { tuneCommand } from './tune.js';

/**
 * Every `mnist` subcommand, in the order `mnist --help` lists them.
 * To add one: create `commands/<name>.ts` exporting a `Command`, and add it here.
 */
export const COMMANDS: readonly Command[] = [
  trainCommand,
  finetuneCommand,
  evaluateCommand,
  predictCommand,
  readCommand,
  dataCommand,
  modelsCommand,
  summaryCommand,
  reportCommand,
  robustnessCommand,
  calibrateCommand,
  releaseCommand,
  tuneCommand,
];
