import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ChecksumMismatchError, MissingModelFileError } from './release-errors.js';

/** Name of the optional checksum list in a model directory, in `sha256sum` format (`<hex>  <file>`). */
export const CHECKSUM_FILE = 'SHA256SUMS';
/** Bytes per stored weight value, by (quantised) dtype, as tfjs lays shards out. */
export const BYTES_PER_DTYPE: Readonly<Record<string, number>> = { float32: 4, int32: 4, bool: 1, uint8: 1, uint16: 2, float16: 2 };

/** Size and SHA-256 of one file of the candidate directory. */
export interface CheckedFile {
  path: string;
  bytes: number;
  sha256: string;
}

/** What {@link checkModelFiles} verified. */
export interface ModelFilesReport {
  files: CheckedFile[];
  /** Weight shard names from model.json, in order. */
  shards: string[];
  /** Bytes the weight specs of model.json describe (= the shards' total size). */
  weightBytes: number;
  /** True when the directory carries SHA256SUMS and every listed file matched it. */
  checksumsVerified: boolean;
}

interface WeightSpec {
  name: string;
  shape: number[];
  dtype: string;
  quantization?: { dtype: string };
}

/** SHA-256 of `bytes`, lowercase hex. */
export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Parses `sha256sum` output: `<64 hex> <space or *><file name>` per line. */
export function parseChecksums(text: string): Map<string, string> {
  const sums = new Map<string, string>();
  for (const line of text.split('\n')) {
    const match = /^([0-9a-fA-F]{64}) [ *](.+)$/.exec(line.trimEnd());
    if (match) sums.set(match[2]!, match[1]!.toLowerCase());
  }
  return sums;
}

async function readRequired(dir: string, name: string, why: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(join(dir, name)));
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR') throw new MissingModelFileError(join(dir, name), `${why} and it is missing (${code})`);
    throw error;
  }
}

/**
 * Checks that a model directory is complete and intact before it is released: model.json parses,
 * every weight shard it lists exists, the shards hold exactly the bytes the weight specs describe,
 * and, when the directory has a SHA256SUMS file, every file listed there has that SHA-256.
 * Returns the size and SHA-256 of every file.
 * @throws MissingModelFileError, ChecksumMismatchError
 */
export async function checkModelFiles(dir: string): Promise<ModelFilesReport> {
  const jsonBytes = await readRequired(dir, 'model.json', 'a tfjs layers model needs it');
  let modelJson: { modelTopology?: unknown; weightsManifest?: { paths: string[]; weights: WeightSpec[] }[] };
  try {
    modelJson = JSON.parse(new TextDecoder().decode(jsonBytes));
  } catch (error) {
    throw new ChecksumMismatchError(join(dir, 'model.json'), 'valid JSON', `invalid JSON (${(error as Error).message})`);
  }
  if (typeof modelJson.modelTopology !== 'object' || !Array.isArray(modelJson.weightsManifest)) {
    throw new ChecksumMismatchError(join(dir, 'model.json'), 'a modelTopology and a weightsManifest', 'neither (it is not a tfjs layers model)');
  }
  const shards = modelJson.weightsManifest.flatMap((group) => group.paths);
  let weightBytes = 0;
  for (const spec of modelJson.weightsManifest.flatMap((group) => group.weights)) {
    const dtype = spec.quantization?.dtype ?? spec.dtype;
    const size = BYTES_PER_DTYPE[dtype];
    if (size === undefined) throw new ChecksumMismatchError(join(dir, 'model.json'), 'weights of a numeric dtype', `weight ${spec.name} of dtype ${dtype}`);
    weightBytes += spec.shape.reduce((a, b) => a * b, 1) * size;
  }
  let shardBytes = 0;
  for (const shard of shards) {
    shardBytes += (await readRequired(dir, shard, 'model.json lists it as a weight shard')).length;
  }
  if (shardBytes !== weightBytes) {
    throw new ChecksumMismatchError(
      join(dir, shards.length === 1 ? shards[0]! : `{${shards.join(',')}}`),
      `${weightBytes} bytes of weights (as model.json's weight specs describe)`,
      `${shardBytes} bytes`,
    );
  }

  const names = (await readdir(dir, { withFileTypes: true })).filter((e) => e.isFile()).map((e) => e.name);
  const files: CheckedFile[] = [];
  for (const name of names.sort()) {
    if (name === CHECKSUM_FILE) continue;
    const bytes = new Uint8Array(await readFile(join(dir, name)));
    files.push({ path: name, bytes: bytes.length, sha256: sha256(bytes) });
  }
  let checksumsVerified = false;
  if (names.includes(CHECKSUM_FILE)) {
    const sums = parseChecksums(await readFile(join(dir, CHECKSUM_FILE), 'utf8'));
    for (const [name, expected] of sums) {
      const file = files.find((f) => f.path === name);
      if (file === undefined) throw new MissingModelFileError(join(dir, name), `${CHECKSUM_FILE} lists it`);
      if (file.sha256 !== expected) throw new ChecksumMismatchError(join(dir, name), `SHA-256 ${expected} (from ${CHECKSUM_FILE})`, `SHA-256 ${file.sha256}`);
    }
    for (const required of ['model.json', ...shards]) {
      if (!sums.has(required)) {
        throw new ChecksumMismatchError(join(dir, CHECKSUM_FILE), `a line for every model file`, `no line for ${required}`);
      }
    }
    checksumsVerified = true;
  }
  return { files, shards, weightBytes, checksumsVerified };
}
