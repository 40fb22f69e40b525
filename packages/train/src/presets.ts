import type { AugmentOptions } from '@mnist/data';
import type { ModelName } from '@mnist/models';
import type { OptimizerName } from './create-optimizer.js';
import type { ScheduleName } from './learning-rate-schedule.js';

/** Names of the ready-made recipes (`mnist train --preset <name>`). */
export type PresetName = 'fast' | 'best' | 'tutorial';

/** The hyperparameters a preset fixes. Explicit `train()` options (or CLI flags) override them. */
export interface Preset {
  description: string;
  model: ModelName;
  epochs: number;
  batchSize: number;
  optimizer: OptimizerName;
  learningRate: number;
  schedule: ScheduleName;
  labelSmoothing: number;
  validationSplit: number;
  augment: false | AugmentOptions;
}

/**
 * Augmentation of the `best` preset: ±10°, ±10% scale, ±2 px shift, and strokes thinned by up to
 * half a pixel or thickened by up to 1.5 pixels per side (pens are thicker than MNIST's).
 */
export const BEST_AUGMENTATION: AugmentOptions = { rotation: 10, scale: 0.1, translation: 2, stroke: { thin: 0.5, thicken: 1.5 } };

export const PRESETS: Readonly<Record<PresetName, Preset>> = {
  fast: {
    description: 'cnn-fast, 2 epochs, batch 128, Adam with a one-cycle rate: 99 % in about a minute on a 2-core CPU',
    model: 'cnn-fast',
    epochs: 2,
    batchSize: 128,
    optimizer: 'adam',
    learningRate: 0.005,
    schedule: 'one-cycle',
    labelSmoothing: 0,
    validationSplit: 0,
    augment: false,
  },
  best: {
    description:
      'cnn-bn with augmentation (rotation, scale, shift, stroke width) and a one-cycle rate over 14 epochs: 99.6% in about 14 minutes on 2 cores',
    model: 'cnn-bn',
    epochs: 14,
    batchSize: 128,
    optimizer: 'adam',
    learningRate: 0.004,
    schedule: 'one-cycle',
    labelSmoothing: 0,
    validationSplit: 0,
    augment: BEST_AUGMENTATION,
  },
  tutorial: {
    description: 'the classic tutorial recipe: cnn, Adam 1e-3 constant, batch 128, 6 epochs, 10% validation',
    model: 'cnn',
    epochs: 6,
    batchSize: 128,
    optimizer: 'adam',
    learningRate: 0.001,
    schedule: 'constant',
    labelSmoothing: 0,
    validationSplit: 0.1,
    augment: false,
  },
};

/** The preset `train()` uses when none is named. */
export const DEFAULT_PRESET: PresetName = 'fast';
