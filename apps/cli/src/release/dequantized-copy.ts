import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Levels of tfjs' affine uint8 weight quantisation (as packages/infer/scripts/bundle-model.mjs does it). */
const UINT8_LEVELS = 255;

interface WeightSpec {
  name: string;
  shape: number[];
  dtype: string;
}

/**
 * Writes a copy of a model directory whose float32 weights went through uint8 quantisation and back
 * (per tensor: min, scale = (max - min) / 255, round), so that loading it gives exactly the
 * predictions of the bundled uint8 model. metadata.json is copied as it is.
 */
export async function writeDequantizedCopy(modelDir: string, outDir: string, quantization: string): Promise<void> {
  const modelJson = JSON.parse(await readFile(join(modelDir, 'model.json'), 'utf8')) as {
    modelTopology: object;
    weightsManifest: { paths: string[]; weights: WeightSpec[] }[];
    [key: string]: unknown;
  };
  const specs = modelJson.weightsManifest.flatMap((g) => g.weights);
  const shards = await Promise.all(modelJson.weightsManifest.flatMap((g) => g.paths).map((p) => readFile(join(modelDir, p))));
  const bytes = Buffer.concat(shards);
  const weights = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
  if (quantization === 'uint8') {
    let offset = 0;
    for (const spec of specs) {
      const n = spec.shape.reduce((a, b) => a * b, 1);
      if (spec.dtype === 'float32') {
        const values = weights.subarray(offset, offset + n);
        let min = Number.POSITIVE_INFINITY;
        let max = Number.NEGATIVE_INFINITY;
        for (const v of values) {
          min = Math.min(min, v);
          max = Math.max(max, v);
        }
        const scale = max > min ? (max - min) / UINT8_LEVELS : 1;
        // tfjs dequantises as q * scale + min, stored as float32.
        for (let i = 0; i < n; i++) values[i] = Math.round((values[i]! - min) / scale) * scale + min;
      }
      offset += n;
    }
  }
  await mkdir(outDir, { recursive: true });
  await writeFile(join(outDir, 'weights.bin'), new Uint8Array(weights.buffer));
  await writeFile(join(outDir, 'model.json'), JSON.stringify({ ...modelJson, weightsManifest: [{ paths: ['weights.bin'], weights: specs }] }));
  await copyFile(join(modelDir, 'metadata.json'), join(outDir, 'metadata.json'));
}
