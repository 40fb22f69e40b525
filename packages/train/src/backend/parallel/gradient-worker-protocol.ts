import type { BackendRequest } from '../select-backend.js';

/** Messages from the main thread to a gradient worker. */
export type GradientWorkerRequest =
  | { type: 'init'; backend: BackendRequest; topology: object }
  | {
      type: 'step';
      /** Every weight of the model (`model.weights` order), trainable or not. */
      weights: Float32Array[];
      /** `size * rows * cols` pixels in [0, 1]. */
      images: Float32Array;
      labels: Uint8Array;
      size: number;
      rows: number;
      cols: number;
      numClasses: number;
      labelSmoothing: number;
      /** Index of this shard in the batch. */
      shard: number;
      /**
       * `seed` of each layer of the main model (`model.layers` order; `null` when unset). A
       * worker gives its copy `seed + shard`, so seeded dropout stays deterministic and
       * shards draw different masks.
       */
      layerSeeds: (number | null)[];
      /**
       * When set, every dropout/noise layer `i` of the worker's copy gets
       * `deriveSeed(dropoutSeed, shard, i)` instead (masks differ per shard, step and layer, and
       * are the same in every run with the same seed).
       */
      dropoutSeed?: number;
    };

/** Messages from a gradient worker to the main thread. */
export type GradientWorkerResponse =
  | { type: 'ready'; backend: string; reason: string }
  | {
      type: 'gradients';
      /** Mean loss over the shard. */
      loss: number;
      /** Correctly classified images in the shard. */
      correct: number;
      /** Gradients of the mean shard loss, `model.trainableWeights` order. */
      gradients: Float32Array[];
      /** Batch-norm moving statistics of layers that are not frozen after the step (`updatedStateWeights` order). */
      nonTrainable: Float32Array[];
    }
  | { type: 'error'; message: string };
