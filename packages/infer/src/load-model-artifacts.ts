import type { io } from '@tensorflow/tfjs-core';
import { bundledModelUrl } from './bundled-assets.js';
import { ModelCorruptError, ModelNotFoundError, ModelUnreachableError } from './errors.js';
import type { BundledWeightSpec, ModelManifest } from './model/bundled-model.js';
import { decodeModelFile } from './model/model-file.js';
import { isNode } from './platform.js';

/** The part of a fetch `Response` @mnist/infer reads (declared here so Node projects without the DOM lib compile). */
export interface FetchResponse {
  ok: boolean;
  status: number;
  arrayBuffer(): Promise<ArrayBuffer>;
}

/** A `fetch`-compatible function (the global one by default). */
export type FetchFunction = (url: string) => Promise<FetchResponse>;

const BYTES_PER_DTYPE: Record<string, number> = { float32: 4, int32: 4, bool: 1, uint8: 1, uint16: 2, float16: 2 };

/** Bytes the weight specs describe, so a truncated file is caught before tfjs misreads it. */
export function expectedWeightBytes(specs: readonly BundledWeightSpec[]): number {
  let total = 0;
  for (const spec of specs) {
    const elements = spec.shape.reduce((a, b) => a * b, 1);
    const dtype = spec.quantization?.dtype ?? spec.dtype;
    const bytes = BYTES_PER_DTYPE[dtype];
    if (bytes === undefined) throw new ModelCorruptError('(weights)', `weight ${spec.name} has unsupported dtype ${dtype}`);
    total += elements * bytes;
  }
  return total;
}

/** Hex SHA-256 of `bytes`, or undefined where the platform has no SubtleCrypto (e.g. plain-http pages). */
export async function sha256Hex(bytes: Uint8Array): Promise<string | undefined> {
  const subtle = (globalThis as { crypto?: Crypto }).crypto?.subtle;
  if (subtle === undefined) return undefined;
  const digest = new Uint8Array(await subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * Reads the bundled model file: from disk in Node (no network), else fetched from the URL the
 * app's bundler gave it (cached by the browser like any other asset).
 */
export function readBundledModel(): Promise<Uint8Array> {
  return readBytes(bundledModelUrl().href, undefined);
}

/** Decodes the bundled model file and checks it against its manifest (size, and SHA-256 where available). */
export async function bundledModelArtifacts(bytes: Uint8Array, manifest: ModelManifest): Promise<io.ModelArtifacts> {
  const where = '@mnist/infer bundled model';
  const model = decodeModelFile(bytes, where);
  const weights = model.weights;
  const expected = expectedWeightBytes(model.weightSpecs);
  if (weights.length !== manifest.weights.bytes || weights.length !== expected) {
    throw new ModelCorruptError(
      where,
      `its weights are ${weights.length} bytes where the manifest says ${manifest.weights.bytes} and the weight specs need ${expected}`,
      'Reinstall @mnist/infer.',
    );
  }
  const hash = await sha256Hex(weights);
  if (hash !== undefined && hash !== manifest.weights.sha256) {
    throw new ModelCorruptError(
      where,
      `its weights hash to ${hash}, not the manifest's ${manifest.weights.sha256}`,
      'Reinstall @mnist/infer.',
    );
  }
  return {
    modelTopology: model.modelTopology,
    weightSpecs: model.weightSpecs as io.WeightsManifestEntry[],
    weightData: weights.buffer as ArrayBuffer,
  };
}

function isRemote(url: string): boolean {
  return /^(https?|data|blob):/i.test(url) || !isNode();
}

async function fileUrlToPath(url: string): Promise<string> {
  const specifier = 'node:url';
  const nodeUrl = (await import(/* @vite-ignore */ /* webpackIgnore: true */ specifier)) as typeof import('node:url');
  return nodeUrl.fileURLToPath(url);
}

async function readLocal(path: string): Promise<Uint8Array> {
  const specifier = 'node:fs/promises';
  const fs = (await import(/* @vite-ignore */ /* webpackIgnore: true */ specifier)) as typeof import('node:fs/promises');
  const file = path.startsWith('file:') ? await fileUrlToPath(path) : path;
  try {
    return new Uint8Array(await fs.readFile(file));
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ENOENT' || code === 'EISDIR' || code === 'ENOTDIR') {
      throw new ModelNotFoundError(path, undefined, `there is no such file (${code})`);
    }
    throw error;
  }
}

async function readBytes(url: string, fetchFn: FetchFunction | undefined): Promise<Uint8Array> {
  if (!isRemote(url)) return readLocal(url);
  const doFetch = fetchFn ?? globalThis.fetch;
  let response: FetchResponse;
  try {
    response = await doFetch(url);
  } catch (error) {
    throw new ModelUnreachableError({ url, cause: error });
  }
  if (!response.ok) throw new ModelNotFoundError(url, response.status, `the server answered HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

function modelJsonUrl(modelUrl: string): string {
  if (/\.json([?#].*)?$/i.test(modelUrl)) return modelUrl;
  return modelUrl.endsWith('/') ? `${modelUrl}model.json` : `${modelUrl}/model.json`;
}

function resolveSibling(base: string, path: string): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(base)) return new URL(path, base).toString();
  const slash = Math.max(base.lastIndexOf('/'), base.lastIndexOf('\\'));
  return `${base.slice(0, slash + 1)}${path}`;
}

/** What `metadata.json` beside a model directory's `model.json` says about the model (all optional). */
export interface ModelMetadata {
  architecture?: string;
  parameters?: number;
  testAccuracy?: number;
  version?: string;
  handlesThickStrokes?: boolean;
}

/**
 * Reads the optional `metadata.json` written by `mnist train` beside `model.json`. Missing,
 * unreadable or malformed metadata gives `{}`: it describes the model, it is not needed to run it.
 */
export async function fetchModelMetadata(modelUrl: string, fetchFn?: FetchFunction): Promise<ModelMetadata> {
  let raw: Record<string, unknown>;
  try {
    const bytes = await readBytes(resolveSibling(modelJsonUrl(modelUrl), 'metadata.json'), fetchFn);
    raw = JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
  } catch {
    return {};
  }
  if (typeof raw !== 'object' || raw === null) return {};
  const test = raw.test as { accuracy?: unknown } | undefined;
  const version = raw.modelVersion ?? raw.version;
  return {
    ...(typeof raw.architecture === 'string' ? { architecture: raw.architecture } : {}),
    ...(typeof raw.parameters === 'number' ? { parameters: raw.parameters } : {}),
    ...(typeof test?.accuracy === 'number' ? { testAccuracy: test.accuracy } : {}),
    ...(typeof version === 'string' ? { version } : {}),
    ...(handlesThickStrokes(raw) ? { handlesThickStrokes: true } : {}),
  };
}

/** Strokes thickened by at least this many pixels in training count as "trained on thick strokes". */
export const THICK_STROKE_TRAINING_PX = 1;

/**
 * True when metadata.json (as written by `mnist train`) records stroke-width augmentation that
 * thickened strokes by at least {@link THICK_STROKE_TRAINING_PX}: `hyperparameters.augment.stroke`,
 * a number or `{ thicken }`.
 */
export function handlesThickStrokes(metadata: unknown): boolean {
  const hyper = (metadata as { hyperparameters?: { augment?: unknown } } | null)?.hyperparameters;
  const stroke = (hyper?.augment as { stroke?: unknown } | undefined)?.stroke;
  const thicken = typeof stroke === 'number' ? stroke : (stroke as { thicken?: unknown } | undefined)?.thicken;
  return typeof thicken === 'number' && thicken >= THICK_STROKE_TRAINING_PX;
}

interface ModelJson {
  modelTopology?: object;
  weightsManifest?: { paths: string[]; weights: BundledWeightSpec[] }[];
}

/**
 * Loads a tfjs layers model directory (model.json + weight shards) from a URL, or in Node from a
 * path or file: URL, checking that every file exists and the weights are complete.
 *
 * @throws ModelNotFoundError (missing file, HTTP error), ModelCorruptError (bad JSON, truncated weights)
 */
export async function fetchModelArtifacts(modelUrl: string, fetchFn?: FetchFunction): Promise<io.ModelArtifacts> {
  const jsonUrl = modelJsonUrl(modelUrl);
  const jsonBytes = await readBytes(jsonUrl, fetchFn);
  let json: ModelJson;
  try {
    json = JSON.parse(new TextDecoder().decode(jsonBytes)) as ModelJson;
  } catch (error) {
    throw new ModelCorruptError(jsonUrl, `model.json is not valid JSON (${(error as Error).message}; ${jsonBytes.length} bytes)`);
  }
  if (typeof json.modelTopology !== 'object' || json.modelTopology === null || !Array.isArray(json.weightsManifest)) {
    throw new ModelCorruptError(jsonUrl, 'model.json has no modelTopology or weightsManifest (is it a tfjs layers model?)');
  }
  const specs: BundledWeightSpec[] = [];
  const shards: Uint8Array[] = [];
  for (const group of json.weightsManifest) {
    specs.push(...group.weights);
    for (const path of group.paths) shards.push(await readBytes(resolveSibling(jsonUrl, path), fetchFn));
  }
  const found = shards.reduce((n, s) => n + s.length, 0);
  const expected = expectedWeightBytes(specs);
  if (found !== expected) {
    throw new ModelCorruptError(
      jsonUrl,
      `the weight files hold ${found} bytes where model.json describes ${expected} (${found < expected ? 'truncated' : 'too long'})`,
    );
  }
  const weights = new Uint8Array(found);
  let offset = 0;
  for (const shard of shards) {
    weights.set(shard, offset);
    offset += shard.length;
  }
  return {
    modelTopology: json.modelTopology,
    weightSpecs: specs as io.WeightsManifestEntry[],
    weightData: weights.buffer as ArrayBuffer,
  };
}
