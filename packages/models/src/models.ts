import type * as tf from '@tensorflow/tfjs';
import { createCnn } from './cnn.js';
import { createCnnBn } from './cnn-bn.js';
import { createCnnFast } from './cnn-fast.js';
import { createCnnSmall } from './cnn-small.js';
import type { CreateModelOptions } from './create-model-options.js';
import { createMlp } from './mlp.js';

/** Names of the architectures in the registry. */
export type ModelName = 'mlp' | 'cnn-small' | 'cnn' | 'cnn-bn' | 'cnn-fast';

/** A registry entry: a name, a one-line description and a factory returning an uncompiled model. */
export interface ModelSpec {
  name: ModelName;
  description: string;
  /** Builds a fresh, uncompiled `tf.LayersModel` (input `[batch, 28, 28, 1]` in [0, 1], softmax output). */
  create(options?: CreateModelOptions): tf.LayersModel;
}

/** The registry of architectures, by name. */
export const MODELS: Readonly<Record<ModelName, ModelSpec>> = Object.freeze({
  mlp: {
    name: 'mlp',
    description: 'Flatten → Dense 128 relu → Dense 128 relu → Dense 10 softmax; the first Keras tutorial (~98 %)',
    create: createMlp,
  },
  'cnn-small': {
    name: 'cnn-small',
    description: 'Conv 32 → MaxPool → Conv 64 → MaxPool → Dense 64 → Dense 10; small tutorial CNN (~99 %)',
    create: createCnnSmall,
  },
  cnn: {
    name: 'cnn',
    description: 'Conv 32 → MaxPool → Conv 64 → MaxPool → Dense 128 → Dense 10; the tfjs/Keras tutorial CNN (~99.2 %)',
    create: createCnn,
  },
  'cnn-bn': {
    name: 'cnn-bn',
    description:
      'Best: 3 conv blocks (32/48/64, batch norm) + Dense 128 with dropout, ~2.8 M multiply-adds/image; ≥ 99.6 % with augmentation',
    create: createCnnBn,
  },
  'cnn-fast': {
    name: 'cnn-fast',
    description:
      'Fast: Conv 16 5x5 → MaxPool → Conv 32 5x5 → MaxPool → Dense 64 → Dense 10, ~1.1 M multiply-adds/image; 99 % in under a minute',
    create: createCnnFast,
  },
});

/** The registry's names, in registry order. */
export const MODEL_NAMES: readonly ModelName[] = Object.freeze(Object.keys(MODELS) as ModelName[]);

/** True when `name` is a registered architecture. */
export function isModelName(name: string): name is ModelName {
  return Object.hasOwn(MODELS, name);
}
