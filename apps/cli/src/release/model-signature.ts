import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type * as tf from '@tensorflow/tfjs';
import { ReleaseSetupError } from './release-errors.js';

/** Input and output shapes of a model; the batch dimension is null. */
export interface ModelSignature {
  input: (number | null)[];
  output: (number | null)[];
}

/** The signature of a loaded model (first input, first output). */
export function signatureOf(model: tf.LayersModel): ModelSignature {
  return { input: [...model.inputs[0]!.shape], output: [...model.outputs[0]!.shape] };
}

/** `[null,28,28,1] -> [null,10]` */
export function formatSignature(signature: ModelSignature): string {
  const shape = (s: (number | null)[]) => `[${s.map((d) => (d === null ? 'null' : String(d))).join(',')}]`;
  return `${shape(signature.input)} -> ${shape(signature.output)}`;
}

export function sameSignature(a: ModelSignature, b: ModelSignature): boolean {
  return formatSignature(a) === formatSignature(b);
}

/** First bytes of @mnist/infer's bundled model file (MODEL_FILE_MAGIC in packages/infer/src/model/model-file.ts). */
const MODEL_FILE_MAGIC = 'MNISTLM1';

/**
 * The `modelTopology` in a default-model.bin written by bundle-model.mjs (magic, uint32 LE JSON
 * length, JSON `{ modelTopology, weightSpecs }`, weights), or undefined when it is not one.
 */
export function embeddedTopology(file: Uint8Array): object | undefined {
  if (file.length < 12 || Buffer.from(file.subarray(0, 8)).toString('latin1') !== MODEL_FILE_MAGIC) return undefined;
  const length = Buffer.from(file.buffer, file.byteOffset, file.byteLength).readUInt32LE(8);
  try {
    const header = JSON.parse(Buffer.from(file.subarray(12, 12 + length)).toString('utf8')) as { modelTopology?: unknown };
    return typeof header.modelTopology === 'object' && header.modelTopology !== null ? header.modelTopology : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The signature of the model @mnist/infer ships now: from its manifest when a release recorded it,
 * else rebuilt from the topology in src/model/default-model.bin.
 * @throws ReleaseSetupError when neither is readable.
 */
export async function shippedSignature(inferDir: string, tfjs: typeof tf): Promise<ModelSignature> {
  const manifestPath = join(inferDir, 'src', 'model', 'manifest.json');
  try {
    const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as { signature?: ModelSignature };
    if (manifest.signature && Array.isArray(manifest.signature.input) && Array.isArray(manifest.signature.output)) return manifest.signature;
  } catch {
    // Fall back to the embedded topology.
  }
  const modulePath = join(inferDir, 'src', 'model', 'default-model.bin');
  let topology: object | undefined;
  try {
    topology = embeddedTopology(await readFile(modulePath));
  } catch {
    topology = undefined;
  }
  if (topology === undefined) {
    throw new ReleaseSetupError(
      `Expected the shipped model's signature in ${manifestPath} or a model topology in ${modulePath}, but found neither. ` +
        'Restore packages/infer/src/model from version control.',
    );
  }
  const model = await tfjs.models.modelFromJSON({ modelTopology: topology } as unknown as tf.io.ModelJSON);
  try {
    return signatureOf(model);
  } finally {
    model.dispose();
  }
}
