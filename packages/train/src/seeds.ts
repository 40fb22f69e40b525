/** Seed used when none is given, so that two runs with default options agree. */
export const DEFAULT_SEED = 42;
/** Largest accepted seed (seeds are 32-bit unsigned integers). */
export const MAX_SEED = 0xffff_ffff;
