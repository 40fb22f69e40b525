import { ModelCorruptError } from '../errors.js';
import type { BundledWeightSpec } from './bundled-model.js';

/**
 * The bundled model file (`default-model.bin`): one binary asset holding a tfjs layers model, so the
 * browser fetches and caches it in a single request and bundlers emit it as a file.
 *
 * Layout: the 8 ASCII bytes {@link MODEL_FILE_MAGIC}, a little-endian uint32 byte length N, N bytes
 * of UTF-8 JSON `{ modelTopology, weightSpecs }` (as in a layers model.json), then the weight bytes.
 * scripts/bundle-model.mjs writes it.
 */
export const MODEL_FILE_MAGIC = 'MNISTLM1';
const MAGIC_BYTES = 8;
const LENGTH_BYTES = 4;

/** A tfjs layers model held in memory: topology, weight specs and the concatenated weight bytes. */
export interface DecodedModelFile {
  modelTopology: object;
  weightSpecs: BundledWeightSpec[];
  weights: Uint8Array;
}

/** Splits a bundled model file into topology, weight specs and weight bytes. @throws ModelCorruptError */
export function decodeModelFile(bytes: Uint8Array, where: string): DecodedModelFile {
  const magic = String.fromCharCode(...bytes.subarray(0, MAGIC_BYTES));
  if (magic !== MODEL_FILE_MAGIC) {
    const head = Array.from(bytes.subarray(0, MAGIC_BYTES), (b) => b.toString(16).padStart(2, '0')).join(' ');
    throw new ModelCorruptError(
      where,
      `it does not start with "${MODEL_FILE_MAGIC}" (found ${bytes.length} bytes starting ${head || '(nothing)'}; an HTML page here means the server answered with its fallback page)`,
      'Serve default-model.bin as the bundler emitted it, or pass modelUrl.',
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const jsonBytes = bytes.length >= MAGIC_BYTES + LENGTH_BYTES ? view.getUint32(MAGIC_BYTES, true) : Number.NaN;
  const start = MAGIC_BYTES + LENGTH_BYTES;
  if (!(start + jsonBytes <= bytes.length)) {
    throw new ModelCorruptError(where, `it is truncated (${bytes.length} bytes)`, 'Reinstall @mnist/infer.');
  }
  let header: { modelTopology?: unknown; weightSpecs?: unknown };
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(start, start + jsonBytes))) as typeof header;
  } catch (error) {
    throw new ModelCorruptError(where, `its header is not valid JSON (${(error as Error).message})`, 'Reinstall @mnist/infer.');
  }
  if (typeof header.modelTopology !== 'object' || header.modelTopology === null || !Array.isArray(header.weightSpecs)) {
    throw new ModelCorruptError(where, 'its header has no modelTopology or weightSpecs', 'Reinstall @mnist/infer.');
  }
  return {
    modelTopology: header.modelTopology,
    weightSpecs: header.weightSpecs as BundledWeightSpec[],
    weights: bytes.slice(start + jsonBytes),
  };
}
