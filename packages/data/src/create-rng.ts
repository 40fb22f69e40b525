/**
 * A seeded pseudo-random generator (mulberry32): returns numbers in [0, 1), the same
 * sequence for the same seed on every platform. Not for cryptography.
 */
export function createRng(seed: number): () => number {
  // Mix the seed so that nearby seeds (0, 1, 2...) give unrelated sequences.
  let state = Math.imul((Math.trunc(seed) ^ 0x9e3779b9) >>> 0, 0x85ebca6b) >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
