import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { createOptimizer, disposeOptimizer, OPTIMIZERS, setLearningRate } from './create-optimizer.js';


/** One step minimising sum(w^2) from w = 1 and returns the new w. */
function stepOnce(name: (typeof OPTIMIZERS)[number], lr: number, changeTo?: number): number {
  const optimizer = createOptimizer(name, lr);
  if (changeTo !== undefined) setLearningRate(optimizer, changeTo);
  const w = tf.variable(tf.scalar(1));
  optimizer.minimize(() => tf.square(w) as tf.Scalar);
  const value = w.dataSync()[0]!;
  w.dispose();
  disposeOptimizer(optimizer);
  return value;
}

describe('createOptimizer / setLearningRate', () => {
  it.each(OPTIMIZERS)('%s: a step with learning rate 0 changes nothing, with 0.1 it descends', (name) => {
    expect(stepOnce(name, 0.1, 0)).toBe(1);
    expect(stepOnce(name, 0, 0.1)).toBeLessThan(1);
  });

  it.each(OPTIMIZERS)('%s: disposeOptimizer frees everything the optimizer created', (name) => {
    const w = tf.variable(tf.scalar(1));
    const before = tf.memory().numTensors;
    const optimizer = createOptimizer(name, 0.1);
    optimizer.minimize(() => tf.square(w) as tf.Scalar);
    setLearningRate(optimizer, 0.05);
    optimizer.minimize(() => tf.square(w) as tf.Scalar);
    disposeOptimizer(optimizer);
    expect(tf.memory().numTensors).toBe(before);
    w.dispose();
  });

  it('does not leak tensors when the rate changes every step', () => {
    const optimizer = createOptimizer('sgd', 0.1);
    const w = tf.variable(tf.scalar(1));
    optimizer.minimize(() => tf.square(w) as tf.Scalar);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) {
      setLearningRate(optimizer, 0.01 * (i + 1));
      optimizer.minimize(() => tf.square(w) as tf.Scalar);
    }
    expect(tf.memory().numTensors).toBe(before);
    w.dispose();
    optimizer.dispose();
  });
});
