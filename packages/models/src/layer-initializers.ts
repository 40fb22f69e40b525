import * as tf from '@tensorflow/tfjs';

/** Mixes the model seed with a layer index into a per-layer seed (deterministic, well spread). */
function layerSeed(seed: number, layerIndex: number): number {
  let h = (seed ^ Math.imul(layerIndex + 1, 0x9e37_79b9)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85eb_ca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2_ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * Hands out kernel initializers for successive layers. With a seed, each call returns an initializer
 * seeded from (seed, call number), so the same seed always builds the same weights; without, unseeded.
 */
export class LayerInitializers {
  private next = 0;
  constructor(private readonly seed: number | undefined) {}

  /** He-normal (for layers followed by ReLU). */
  he(): ReturnType<typeof tf.initializers.heNormal> {
    const index = this.next++;
    return this.seed === undefined ? tf.initializers.heNormal({}) : tf.initializers.heNormal({ seed: layerSeed(this.seed, index) });
  }

  /** Glorot-uniform (for the softmax output layer). */
  glorot(): ReturnType<typeof tf.initializers.heNormal> {
    const index = this.next++;
    return this.seed === undefined
      ? tf.initializers.glorotUniform({})
      : tf.initializers.glorotUniform({ seed: layerSeed(this.seed, index) });
  }
}
