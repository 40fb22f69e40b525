import { readdir, readFile } from 'node:fs/promises';
import { isAbsolute, join, normalize, resolve, sep } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { CorruptModelError } from './corrupt-model-error.js';
import { isModelOutputEntry, MAX_SHARD_BYTES, METADATA_FILE, MODEL_JSON_FILE, shardFileName } from './model-files.js';
import type { ModelMetadata } from './model-metadata.js';
import { ModelNotFoundError } from './model-not-found-error.js';
import { weightByteSize } from './weight-byte-size.js';
import { assertOutputDir } from '../assert-output-dir.js';
import { REPLACED_DIR_MARKER, SAVING_DIR_MARKER, writeDirectoryAtomic } from './write-directory-atomic.js';

/** Options of {@link fileSystemIO}. */
export interface FileSystemIOOptions {
  /** Written as `metadata.json` beside `model.json` in the same atomic save. */
  metadata?: ModelMetadata;
  /** Largest weight shard, in bytes; defaults to {@link MAX_SHARD_BYTES}. */
  maxShardBytes?: number;
  /**
   * Replace the model already in the directory (its model files, metadata, SHA256SUMS and default
   * report); without it such a directory is refused. A directory holding anything else is always refused.
   */
  overwrite?: boolean;
}

/** Name of this writer, recorded in `model.json`'s `generatedBy`. */
const GENERATED_BY = `TensorFlow.js tfjs-layers v${tf.version_layers}`;

function splitShards(data: Uint8Array, maxShardBytes: number): Uint8Array[] {
  const count = Math.max(1, Math.ceil(data.byteLength / maxShardBytes));
  return Array.from({ length: count }, (_, i) => data.subarray(i * maxShardBytes, Math.min(data.byteLength, (i + 1) * maxShardBytes)));
}

async function saveArtifacts(dir: string, artifacts: tf.io.ModelArtifacts, options: FileSystemIOOptions): Promise<tf.io.SaveResult> {
  if (artifacts.modelTopology instanceof ArrayBuffer || artifacts.modelTopology === undefined) {
    throw new TypeError(
      `fileSystemIO(${dir}) saves layers models (JSON topology), but the artifacts have ${artifacts.modelTopology === undefined ? 'no topology' : 'a binary topology'}. Save a tf.LayersModel.`,
    );
  }
  const maxShardBytes = options.maxShardBytes ?? MAX_SHARD_BYTES;
  const weightData = artifacts.weightData === undefined ? new ArrayBuffer(0) : tf.io.CompositeArrayBuffer.join(artifacts.weightData);
  const shards = splitShards(new Uint8Array(weightData), maxShardBytes);
  const paths = shards.map((_, i) => shardFileName(i, shards.length));
  const weightSpecs = artifacts.weightSpecs ?? [];
  const modelJSON: tf.io.ModelJSON = {
    modelTopology: artifacts.modelTopology,
    format: artifacts.format ?? 'layers-model',
    generatedBy: artifacts.generatedBy ?? GENERATED_BY,
    convertedBy: artifacts.convertedBy ?? null,
    weightsManifest: [{ paths, weights: weightSpecs }],
    ...(artifacts.trainingConfig === undefined ? {} : { trainingConfig: artifacts.trainingConfig }),
    ...(artifacts.signature === undefined ? {} : { signature: artifacts.signature }),
    ...(artifacts.userDefinedMetadata === undefined ? {} : { userDefinedMetadata: artifacts.userDefinedMetadata }),
    ...(artifacts.modelInitializer === undefined ? {} : { modelInitializer: artifacts.modelInitializer }),
  };
  const modelJSONText = JSON.stringify(modelJSON);
  await assertOutputDir(dir, { overwrite: options.overwrite === true });
  const files = new Map<string, string | Uint8Array>(shards.map((shard, i) => [paths[i] as string, shard]));
  if (options.metadata !== undefined) files.set(METADATA_FILE, `${JSON.stringify(options.metadata, null, 2)}\n`);
  files.set(MODEL_JSON_FILE, modelJSONText);
  await writeDirectoryAtomic(dir, files, { isReplaced: isModelOutputEntry, commitFile: MODEL_JSON_FILE });
  return {
    modelArtifactsInfo: {
      dateSaved: new Date(),
      modelTopologyType: 'JSON',
      modelTopologyBytes: JSON.stringify(artifacts.modelTopology).length,
      weightSpecsBytes: JSON.stringify(weightSpecs).length,
      weightDataBytes: weightData.byteLength,
    },
  };
}

async function interruptedSaveHint(dir: string): Promise<string> {
  const target = resolve(dir);
  const entries = await readdir(target).catch(() => [] as string[]);
  // A folder holds a complete model when its model.json parses and every file it lists is there.
  const holdsModel = async (name: string): Promise<string | undefined> => {
    const folder = join(target, name);
    try {
      const json = JSON.parse(await readFile(join(folder, MODEL_JSON_FILE), 'utf8')) as tf.io.ModelJSON;
      const present = new Set(await readdir(folder));
      return json.weightsManifest.every((group) => group.paths.every((path) => present.has(path))) ? folder : undefined;
    } catch {
      return undefined;
    }
  };
  for (const name of entries.filter((e) => e.startsWith(`${REPLACED_DIR_MARKER}-`))) {
    const previous = await holdsModel(name);
    if (previous !== undefined) {
      return ` A save into this directory was interrupted; the previous model is complete in ${previous}: move its files back into ${target} to restore it.`;
    }
  }
  for (const name of entries.filter((e) => e.startsWith(`${SAVING_DIR_MARKER}-`))) {
    const next = await holdsModel(name);
    if (next !== undefined) {
      return ` A save into this directory was interrupted; the new model is complete in ${next}: move its files into ${target}, or save the model again.`;
    }
  }
  return entries.some((e) => e.startsWith(`${SAVING_DIR_MARKER}-`)) ? ' A save into this directory was interrupted before it completed; train or save the model again.' : '';
}

function corrupt(path: string, expected: string, found: string, cause?: unknown): CorruptModelError {
  return new CorruptModelError(path, `Expected ${expected} in ${path}, found ${found}. Re-save or re-download the model directory.`, {
    cause,
  });
}

/** Resolves a manifest path inside `dir`, refusing absolute paths and paths that leave the directory. */
function shardPath(dir: string, modelJSONPath: string, path: unknown): string {
  if (typeof path !== 'string' || path === '' || isAbsolute(path) || /^[a-z][a-z0-9+.-]*:/i.test(path)) {
    throw corrupt(modelJSONPath, 'weight paths relative to the model directory', JSON.stringify(path));
  }
  const full = resolve(dir, normalize(path));
  if (!full.startsWith(resolve(dir) + sep)) throw corrupt(modelJSONPath, 'weight paths inside the model directory', JSON.stringify(path));
  return full;
}

async function loadArtifacts(dir: string): Promise<tf.io.ModelArtifacts> {
  const modelJSONPath = join(dir, MODEL_JSON_FILE);
  let text: string;
  try {
    text = await readFile(modelJSONPath, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      throw new ModelNotFoundError(
        modelJSONPath,
        `Expected a model at ${dir} (a ${MODEL_JSON_FILE} with weight shards), but ${modelJSONPath} does not exist.` +
          `${await interruptedSaveHint(dir)} Check the path, or train and save a model there first.`,
        { cause: error },
      );
    }
    throw error;
  }
  let modelJSON: tf.io.ModelJSON;
  try {
    modelJSON = JSON.parse(text) as tf.io.ModelJSON;
  } catch (error) {
    throw corrupt(modelJSONPath, 'valid JSON', `a parse error (${(error as Error).message})`, error);
  }
  if (typeof modelJSON !== 'object' || modelJSON === null || typeof modelJSON.modelTopology !== 'object' || modelJSON.modelTopology === null) {
    throw corrupt(modelJSONPath, 'an object with "modelTopology"', 'none');
  }
  const manifest = modelJSON.weightsManifest;
  if (!Array.isArray(manifest) || !manifest.every((g) => Array.isArray(g?.paths) && Array.isArray(g?.weights))) {
    throw corrupt(modelJSONPath, 'a "weightsManifest" array of { paths, weights } groups', JSON.stringify(manifest)?.slice(0, 80) ?? 'none');
  }
  const specs: tf.io.WeightsManifestEntry[] = [];
  const buffers: ArrayBuffer[] = [];
  for (const group of manifest) {
    let groupBytes = 0;
    for (const path of group.paths) {
      const file = shardPath(dir, modelJSONPath, path);
      let bytes: Buffer;
      try {
        bytes = await readFile(file);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
          throw new CorruptModelError(
            file,
            `Expected weight shard ${file} (listed in ${modelJSONPath}), but it does not exist. Copy the whole model directory, or re-save the model.`,
            { cause: error },
          );
        }
        throw error;
      }
      groupBytes += bytes.byteLength;
      buffers.push(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
    }
    const sizes = group.weights.map(weightByteSize);
    if (sizes.every((size) => size !== undefined)) {
      const expected = sizes.reduce<number>((total, size) => total + (size as number), 0);
      if (expected !== groupBytes) {
        throw new CorruptModelError(
          join(dir, String(group.paths[group.paths.length - 1])),
          `Expected ${expected} bytes of weights in ${group.paths.join(', ')} (from the manifest in ${modelJSONPath}), found ${groupBytes}: ` +
            'a shard is truncated or from another model. Re-save or re-download the model directory.',
        );
      }
    }
    specs.push(...group.weights);
  }
  const weightData = tf.io.concatenateArrayBuffers(buffers);
  return tf.io.getModelArtifactsForJSON(modelJSON, async () => [specs, weightData]);
}

/**
 * A `tf.io.IOHandler` for a directory on the local file system, in the standard TensorFlow.js layers
 * format: `model.json` (topology + weights manifest) and `group1-shard1of1.bin`-style weight shards,
 * which `tf.loadLayersModel(url)` loads when the directory is served over HTTP. Node only; does not
 * need `@tensorflow/tfjs-node`.
 *
 * - `save` follows the output rules of `assertOutputDir` (a new or empty directory, or the previous
 *   model's with `overwrite`) and writes into a hidden folder inside it before moving the files into
 *   place, `model.json` last (see `saveModel`), so a crash never leaves a half-written model that loads.
 * - `load` checks the files and throws ModelNotFoundError / CorruptModelError naming the file at fault.
 *
 * @example
 * await model.save(fileSystemIO('models/cnn'));
 * const same = await tf.loadLayersModel(fileSystemIO('models/cnn'));
 */
export function fileSystemIO(dir: string, options: FileSystemIOOptions = {}): tf.io.IOHandler {
  return {
    save: (artifacts) => saveArtifacts(dir, artifacts, options),
    load: () => loadArtifacts(dir),
  };
}
