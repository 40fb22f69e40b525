import { InvalidOptionError } from './errors';

/** A uniformly random permutation of 0..count-1 (Fisher-Yates), driven by `rng`. */
export function permutation(count: number, rng: () => number): Uint32Array {
  if (!Number.isInteger(count) || count < 0) throw new InvalidOptionError('permutation count', 'a non-negative integer', count);
  const out = new Uint32Array(count);
  for (let i = 0; i < count; i++) out[i] = i;
  for (let i = count - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    const tmp = out[i]!;
    out[i] = out[j]!;
    out[j] = tmp;
  }
  return out;
}
