import * as tf from '@tensorflow/tfjs';

/**
 * The optimizers `train()` accepts (Keras names). `momentum` is SGD with momentum 0.9 and Nesterov.
 * (tfjs's Adamax cannot export its state, so it cannot be checkpointed and is not offered.)
 */
export type OptimizerName = 'adam' | 'sgd' | 'momentum' | 'rmsprop' | 'adagrad';

export const OPTIMIZERS: readonly OptimizerName[] = ['adam', 'sgd', 'momentum', 'rmsprop', 'adagrad'];

/** Momentum coefficient of the `momentum` optimizer. */
export const SGD_MOMENTUM = 0.9;

/** Creates a tfjs optimizer by name with an initial learning rate. */
export function createOptimizer(name: OptimizerName, learningRate: number): tf.Optimizer {
  switch (name) {
    case 'adam':
      return tf.train.adam(learningRate);
    case 'sgd':
      return tf.train.sgd(learningRate);
    case 'momentum':
      return tf.train.momentum(learningRate, SGD_MOMENTUM, true);
    case 'rmsprop':
      return tf.train.rmsprop(learningRate);
    case 'adagrad':
      return tf.train.adagrad(learningRate);
    default:
      throw new Error(`Unknown optimizer ${JSON.stringify(name)}: expected one of ${OPTIMIZERS.join(', ')}.`);
  }
}

interface LearningRateHolder {
  learningRate: number;
  setLearningRate?(learningRate: number): void;
}

/**
 * Changes the learning rate of a tfjs optimizer in place (tfjs optimizers read it at every step;
 * SGD and momentum cache it in a scalar that `setLearningRate` refreshes).
 */
export function setLearningRate(optimizer: tf.Optimizer, learningRate: number): void {
  const holder = optimizer as unknown as LearningRateHolder;
  if (holder.learningRate === learningRate) return;
  if (typeof holder.setLearningRate === 'function') holder.setLearningRate(learningRate);
  else holder.learningRate = learningRate;
}

/**
 * Disposes an optimizer completely. (tfjs 4.22's MomentumOptimizer.dispose forgets the learning-rate
 * scalar it inherits from SGD; this frees it too.)
 */
export function disposeOptimizer(optimizer: tf.Optimizer): void {
  optimizer.dispose();
  const c = (optimizer as unknown as { c?: tf.Tensor }).c;
  if (c instanceof tf.Tensor && !c.isDisposed) c.dispose();
}
