import type * as tf from '@tensorflow/tfjs';

/** Bytes per stored value, by dtype (weights and quantized weights). */
const BYTES_PER_VALUE: Record<string, number> = { float32: 4, int32: 4, bool: 1, uint8: 1, uint16: 2, float16: 2, complex64: 8 };

/**
 * Bytes a weight occupies in the shards according to its manifest entry, or `undefined` when it cannot
 * be known from the manifest (strings, unknown dtypes).
 */
export function weightByteSize(spec: tf.io.WeightsManifestEntry): number | undefined {
  const dtype = spec.quantization?.dtype ?? spec.dtype;
  const bytes = BYTES_PER_VALUE[dtype];
  if (bytes === undefined || !Array.isArray(spec.shape)) return undefined;
  return spec.shape.reduce((product, dim) => product * dim, 1) * bytes;
}
