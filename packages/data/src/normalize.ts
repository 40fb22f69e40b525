import { InvalidOptionError } from './errors';
import { MAX_PIXEL_VALUE } from './datasets';

/** Pixel bytes 0..255 to float32 in [0, 1] (divides by 255). Writes into `out` when given. */
export function normalize(images: Uint8Array, out?: Float32Array): Float32Array {
  const target = out ?? new Float32Array(images.length);
  if (target.length < images.length) {
    throw new InvalidOptionError('normalize out', `a Float32Array of at least ${images.length} elements`, `${target.length} elements`);
  }
  for (let i = 0; i < images.length; i++) target[i] = images[i]! / MAX_PIXEL_VALUE;
  return target;
}
