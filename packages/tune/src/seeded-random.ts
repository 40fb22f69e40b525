/** Mixes integers into one well-spread 32-bit value (murmur3's finaliser over each part). */
export function mixSeed(...parts: readonly number[]): number {
  let h = 0x811c_9dc5;
  for (const part of parts) {
    h = Math.imul(h ^ (part >>> 0), 0x0100_0193) >>> 0;
    h = Math.imul(h ^ Math.floor(part / 0x1_0000_0000), 0x0100_0193) >>> 0;
    h ^= h >>> 16;
    h = Math.imul(h, 0x85eb_ca6b) >>> 0;
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2_ae35) >>> 0;
    h ^= h >>> 16;
  }
  return h >>> 0;
}

/** A seeded generator of uniform numbers in [0, 1) (mulberry32): the same seed gives the same sequence. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b_79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 0x1_0000_0000;
  };
}

/** A standard normal draw (Box-Muller) from a uniform generator. */
export function normal(random: () => number): number {
  const u = Math.max(random(), Number.MIN_VALUE);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}
