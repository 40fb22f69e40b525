import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { createDropoutSeeder } from './seed-dropout-layers.js';


function masked(model: tf.LayersModel): number[] {
  return tf.tidy(() => Array.from((model.apply(tf.ones([1, 64]), { training: true }) as tf.Tensor).dataSync()));
}

describe('createDropoutSeeder', () => {
  it('gives the same dropout mask for the same step, a different one for another step, and restores seeds', () => {
    const model = tf.sequential({ layers: [tf.layers.dropout({ rate: 0.5, inputShape: [64] }), tf.layers.dropout({ rate: 0.5 })] });
    const seeder = createDropoutSeeder(model, 42);
    expect(seeder.count).toBe(2);
    seeder.setStep(3);
    const a = masked(model);
    const b = masked(model);
    seeder.setStep(4);
    const c = masked(model);
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
    expect(a.some((v) => v === 0)).toBe(true);
    seeder.restore();
    expect((model.layers[0] as unknown as { seed?: number }).seed).toBeUndefined();
    model.dispose();
  });
});
