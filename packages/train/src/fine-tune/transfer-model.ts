import * as tf from '@tensorflow/tfjs';
import { deriveSeed, SEED_PURPOSE } from '../derive-seed.js';
import { InvalidOptionError } from '../errors/index.js';
import { keepFrozenBatchNormInInferenceMode } from '../frozen-batch-norm.js';

/** `'features'`: every layer before the classifier head; `'none'`; or a layer name (that layer and all before it). */
export type FreezeOption = 'features' | 'none' | (string & {});

/** A copy of a base model ready for fine-tuning. */
export interface TransferModel {
  model: tf.LayersModel;
  /** Name of the classifier head (the last Dense layer). */
  head: string;
  /** Names of the frozen layers, input side first. */
  frozenLayers: string[];
  /** True when the head was replaced by a freshly initialised one. */
  newHead: boolean;
}

interface LayerJson {
  class_name: string;
  config: Record<string, unknown>;
}

/** Index of the classifier head: the last Dense layer. */
function headIndex(model: tf.LayersModel): number {
  for (let i = model.layers.length - 1; i >= 0; i--) if (model.layers[i]!.getClassName() === 'Dense') return i;
  throw new InvalidOptionError(
    'base',
    `a model with layers ${model.layers.map((l) => l.getClassName()).join(', ')}`,
    'a classifier whose head is a Dense layer',
  );
}

/** How many leading layers to freeze. */
function frozenCount(model: tf.LayersModel, freeze: FreezeOption, head: number): number {
  if (freeze === 'none') return 0;
  if (freeze === 'features') return head;
  const index = model.layers.findIndex((layer) => layer.name === freeze);
  if (index < 0) {
    throw new InvalidOptionError('freeze', freeze, `features, none, or a layer name of the base model (${model.layers.map((l) => l.name).join(', ')})`);
  }
  return index + 1;
}

/**
 * Copies `base` for fine-tuning (the base model is left as it is): with `numClasses` different from the
 * base's, or `newHead`, the last Dense layer is replaced by one with `numClasses` units initialised from
 * `seed`; the first layers are frozen as `freeze` says (`trainable = false`, batch-norm among them in
 * inference mode). Only Sequential models are supported (every model of `@mnist/models` is one).
 * @throws InvalidOptionError for an unknown `freeze` layer or a base model without a Dense head.
 */
export async function buildTransferModel(
  base: tf.LayersModel,
  options: { freeze: FreezeOption; newHead: boolean; numClasses: number; seed: number },
): Promise<TransferModel> {
  const head = headIndex(base);
  const frozen = frozenCount(base, options.freeze, head);
  const topology = JSON.parse(base.toJSON(undefined, true) as string) as { class_name: string; config: { layers: LayerJson[] } };
  if (topology.class_name !== 'Sequential') {
    throw new InvalidOptionError('base', `a ${topology.class_name} model`, 'a Sequential model (as @mnist/models builds)');
  }
  const headJson = topology.config.layers[head]!;
  if (options.newHead) {
    headJson.config.units = options.numClasses;
    headJson.config.kernel_initializer = {
      class_name: 'GlorotUniform',
      config: { seed: deriveSeed(options.seed, SEED_PURPOSE.transferHead) },
    };
    headJson.config.bias_initializer = { class_name: 'Zeros', config: {} };
  }
  topology.config.layers.forEach((layer, i) => {
    layer.config.trainable = i >= frozen;
  });
  const model = (await tf.models.modelFromJSON(topology as unknown as tf.io.ModelJSON)) as tf.LayersModel;
  model.layers.forEach((layer, i) => {
    if (options.newHead && i === head) return;
    const weights = base.layers[i]!.getWeights();
    if (weights.length > 0) layer.setWeights(weights);
  });
  keepFrozenBatchNormInInferenceMode(model);
  return {
    model,
    head: model.layers[head]!.name,
    frozenLayers: model.layers.slice(0, frozen).map((layer) => layer.name),
    newHead: options.newHead,
  };
}

/** Unfreezes every layer (for a final low-learning-rate phase over the whole model). */
export function unfreezeAll(model: tf.LayersModel): void {
  for (const layer of model.layers) layer.trainable = true;
}
