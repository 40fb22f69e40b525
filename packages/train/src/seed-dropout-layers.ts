import type * as tf from '@tensorflow/tfjs';
import { deriveSeed, SEED_PURPOSE } from './derive-seed.js';

/** Layers whose training-time noise tfjs draws from `this.seed` (Math.random when it is unset). */
export const NOISE_LAYER_CLASSES: ReadonlySet<string> = new Set(['Dropout', 'SpatialDropout1D', 'AlphaDropout', 'GaussianDropout', 'GaussianNoise']);

interface SeededLayer {
  seed?: number;
}

/** Re-seeds a model's dropout/noise layers at every step; `restore()` puts the original seeds back. */
export interface DropoutSeeder {
  /** Number of layers being seeded. */
  readonly count: number;
  setStep(step: number): void;
  restore(): void;
}

/**
 * Makes dropout deterministic without freezing its mask: before each step every dropout (or noise) layer
 * gets a seed derived from (run seed, step, layer index), so masks differ between steps and layers but are
 * the same in every run with the same seed — including a resumed one.
 */
export function createDropoutSeeder(model: tf.LayersModel, seed: number): DropoutSeeder {
  const layers = model.layers
    .map((layer, index) => ({ layer: layer as unknown as SeededLayer, index, className: layer.getClassName() }))
    .filter(({ className }) => NOISE_LAYER_CLASSES.has(className));
  const originals = layers.map(({ layer }) => layer.seed);
  return {
    count: layers.length,
    setStep(step) {
      for (const { layer, index } of layers) layer.seed = deriveSeed(seed, SEED_PURPOSE.dropout, step, index);
    },
    restore() {
      layers.forEach(({ layer }, i) => {
        layer.seed = originals[i];
      });
    },
  };
}
