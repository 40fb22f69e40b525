import { asciiDigit } from './ascii-digit.js';
import type { FailureMode } from './model-card.js';

/** A wrong prediction on one test image. */
export interface Misprediction {
  index: number;
  truth: number;
  predicted: number;
  confidence: number;
}

/** How many confusions the model card lists, and how many drawn examples each. */
export const FAILURE_MODES_SHOWN = 5;
export const EXAMPLES_PER_FAILURE_MODE = 2;

/**
 * The most frequent confusions (true class → predicted class) among `mispredictions`, most frequent
 * first (ties: lower true class, then lower predicted class), each with its most confident mistakes
 * drawn from `images` (uint8, 784 bytes per image).
 */
export function findFailureModes(
  mispredictions: readonly Misprediction[],
  images: Uint8Array,
  { modes = FAILURE_MODES_SHOWN, examples = EXAMPLES_PER_FAILURE_MODE } = {},
): FailureMode[] {
  const groups = new Map<string, Misprediction[]>();
  for (const m of mispredictions) {
    const key = `${m.truth}>${m.predicted}`;
    const list = groups.get(key) ?? [];
    list.push(m);
    groups.set(key, list);
  }
  return [...groups.values()]
    .sort((a, b) => b.length - a.length || a[0]!.truth - b[0]!.truth || a[0]!.predicted - b[0]!.predicted)
    .slice(0, modes)
    .map((list) => ({
      truth: list[0]!.truth,
      predicted: list[0]!.predicted,
      count: list.length,
      examples: [...list]
        .sort((a, b) => b.confidence - a.confidence || a.index - b.index)
        .slice(0, examples)
        .map((m) => ({ index: m.index, confidence: m.confidence, ascii: asciiDigit(images.subarray(m.index * 784, (m.index + 1) * 784)) })),
    }));
}
