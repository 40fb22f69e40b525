// Browser-safe loading of a base model from a URL or the model bundled with @mnist/infer.
import { BUNDLED_MODEL_MANIFEST, loadBundledModelArtifacts } from '@mnist/infer';
import * as tf from '@tensorflow/tfjs';
import { InvalidOptionError } from '../errors/index.js';

/** The classes of a digit model: `'0'`..`'9'`. */
export const DIGIT_CLASS_NAMES: readonly string[] = Array.from({ length: 10 }, (_, i) => String(i));

/** A loaded base model and what is known about it (recorded in the fine-tuned model's metadata). */
export interface BaseModel {
  model: tf.LayersModel;
  /** `'bundled'`, a URL, or a model directory's name. */
  source: string;
  classNames: string[];
  /** Dataset the base model was trained on (its classes), e.g. `mnist`. */
  dataset?: string;
  architecture?: string;
  /** Release version of the base model, when it has one. */
  version?: string;
  /** Content id of the bundled model's weights. */
  id?: string;
}

/**
 * The model bundled with @mnist/infer. The one place that knows how infer ships it: infer's
 * `loadBundledModelArtifacts()` and `BUNDLED_MODEL_MANIFEST`.
 */
export async function loadBundledBaseModel(): Promise<BaseModel> {
  const model = await tf.loadLayersModel(tf.io.fromMemory(await loadBundledModelArtifacts()));
  const manifest = BUNDLED_MODEL_MANIFEST;
  return {
    model,
    source: 'bundled',
    classNames: [...DIGIT_CLASS_NAMES],
    dataset: 'mnist',
    architecture: manifest.architecture,
    ...(manifest.modelVersion === undefined ? {} : { version: manifest.modelVersion }),
    ...(manifest.modelId === undefined ? {} : { id: manifest.modelId }),
  };
}

interface RemoteMetadata {
  architecture?: unknown;
  dataset?: { classNames?: unknown; name?: unknown };
  modelVersion?: unknown;
  version?: unknown;
}

/** Class names, architecture and version from a model's metadata.json, when they are there. */
export function describeBase(model: tf.LayersModel, source: string, metadata: unknown): BaseModel {
  const meta = (typeof metadata === 'object' && metadata !== null ? metadata : {}) as RemoteMetadata;
  const names = meta.dataset?.classNames;
  const classNames =
    Array.isArray(names) && names.every((n) => typeof n === 'string') ? (names as string[]) : [...DIGIT_CLASS_NAMES];
  const version = typeof meta.modelVersion === 'string' ? meta.modelVersion : typeof meta.version === 'string' ? meta.version : undefined;
  return {
    model,
    source,
    classNames,
    ...(typeof meta.dataset?.name === 'string' ? { dataset: meta.dataset.name } : {}),
    ...(typeof meta.architecture === 'string' ? { architecture: meta.architecture } : {}),
    ...(version === undefined ? {} : { version }),
  };
}

/**
 * A base model from an http(s) URL of a model directory (or its model.json), with its metadata.json when served.
 * @throws InvalidOptionError when the URL does not load as a layers model.
 */
export async function loadBaseModelFromUrl(url: string, fetchFn: typeof fetch = fetch): Promise<BaseModel> {
  const modelJson = url.endsWith('.json') ? url : `${url.replace(/\/+$/, '')}/model.json`;
  let model: tf.LayersModel;
  try {
    model = await tf.loadLayersModel(modelJson, { fetchFunc: fetchFn });
  } catch (error) {
    throw new InvalidOptionError('base', url, `the URL of a TensorFlow.js layers model directory (${(error as Error).message})`);
  }
  let metadata: unknown;
  try {
    const response = await fetchFn(new URL('metadata.json', new URL(modelJson, globalThis.location?.href)).href);
    if (response.ok) metadata = await response.json();
  } catch {
    metadata = undefined;
  }
  return describeBase(model, url, metadata);
}
