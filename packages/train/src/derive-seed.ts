/**
 * Derives an independent 32-bit seed from a run seed and a list of integers (e.g. purpose, epoch),
 * with the splitmix32 finaliser. Pure, so a resumed run regenerates exactly the same epoch order.
 */
export function deriveSeed(seed: number, ...parts: number[]): number {
  let h = seed >>> 0;
  for (const part of [...parts, parts.length]) {
    h = (h + 0x9e37_79b9 + (part >>> 0)) >>> 0;
    h = Math.imul(h ^ (h >>> 16), 0x85eb_ca6b) >>> 0;
    h = Math.imul(h ^ (h >>> 13), 0xc2b2_ae35) >>> 0;
    h = (h ^ (h >>> 16)) >>> 0;
  }
  return h;
}

/** Purposes mixed into `deriveSeed` so that streams do not collide. */
// The values are part of what a seed reproduces: never renumber them (1 was the model's, now unused).
export const SEED_PURPOSE = { validationSplit: 2, epoch: 3, dropout: 4, transferHead: 5, unfrozenPhase: 6, heldOut: 7 } as const;
