import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { registerBroadcastReductionGradients } from './broadcast-reduction-gradients.js';

/** tfjs-core's own gradient configs, saved before any replacement. */
const ORIGINALS = (['Mean', 'Sum'] as const).map((name) => tf.getGradient(name)!);

/** Gradients of `f` at `x` with tfjs-core's own gradients, then with the broadcasting ones. */
function bothGradients(f: (x: tf.Tensor) => tf.Tensor, x: tf.Tensor): [Float32Array, Float32Array] {
  for (const config of ORIGINALS) tf.registerGradient(config);
  const before = tf.tidy(() => tf.grad(f)(x).dataSync() as Float32Array);
  registerBroadcastReductionGradients();
  const after = tf.tidy(() => tf.grad(f)(x).dataSync() as Float32Array);
  return [before, after];
}

describe('broadcasting Mean and Sum gradients', () => {
  const x = tf.tensor4d(Array.from({ length: 2 * 3 * 4 * 5 }, (_, i) => Math.sin(i)), [2, 3, 4, 5]);
  const weights = tf.tensor1d([0.5, -1, 2, 3, -0.25]);

  it('match tfjs-core exactly for the batch-norm reduction (axes 0, 1, 2) and keepDims', () => {
    const [a, b] = bothGradients((t) => tf.sum(tf.mul(tf.mean(tf.square(t), [0, 1, 2]), weights)), x);
    expect(b).toEqual(a);
    const [c, d] = bothGradients((t) => tf.sum(tf.mul(tf.mean(t, [0, 1, 2], true), weights)), x);
    expect(d).toEqual(c);
  });

  it('match for Sum over one axis, all axes and a negative axis', () => {
    for (const axis of [[1], undefined, [-1]] as (number[] | undefined)[]) {
      const [a, b] = bothGradients((t) => tf.sum(tf.square(tf.sum(tf.mul(t, t), axis))), x);
      expect(b).toEqual(a);
    }
  });

  it('give the analytic gradient of a mean: 1/n everywhere', () => {
    registerBroadcastReductionGradients();
    const g = tf.grad((t) => tf.mean(t))(x);
    expect(Array.from(g.dataSync()).every((v) => Math.abs(v - 1 / 120) < 1e-9)).toBe(true);
    expect(g.shape).toEqual([2, 3, 4, 5]);
  });
});
