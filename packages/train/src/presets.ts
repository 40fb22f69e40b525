import type { AugmentOptions } from '@mnist/data';
import type { ModelName } from '@mnist/models';
import type { OptimizerName } from './create-optimizer.js';
import type { ScheduleName } from './learning-rate-schedule.js';

/** Names of the ready-made recipes (`mnist train --preset <name>`). */
export type PresetName = 'fast' | 'best' | 'robust' | 'tutorial';

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

/**
 * Augmentation of the `robust` preset: the `best` preset's pen widths, wider rotation (±20°), slant
 * (shear ±25°), aspect change (±20%), and the capture pipelines MNIST lacks, each on about one image in
 * eight: box normalisation, low resolution (10 to 20 px and back), binarisation, broken strokes, speckle.
 */
export const ROBUST_AUGMENTATION: AugmentOptions = {
  rotation: 20,
  scale: 0.12,
  translation: 2,
  shear: 25,
  aspect: 0.2,
  stroke: { thin: 0.5, thicken: 1.5 },
  boxNormalize: 0.12,
  lowResolution: 0.12,
  binarize: 0.12,
  gaps: 0.12,
  speckle: 0.08,
};

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
  robust: {
    description:
      'cnn-bn with capture-pipeline augmentation (slant, aspect, box normalisation, low resolution, binarisation, gaps, speckle), ' +
      'one-cycle over 14 epochs, 5% of the training images held out to calibrate confidences: the released model',
    model: 'cnn-bn',
    epochs: 14,
    batchSize: 128,
    optimizer: 'adam',
    learningRate: 0.004,
    schedule: 'one-cycle',
    labelSmoothing: 0,
    validationSplit: 0.05,
    augment: ROBUST_AUGMENTATION,
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
