import * as tf from '@tensorflow/tfjs';
import { expect } from 'vitest';
import { selectBackend } from './select-backend.js';

/**
 * Test helpers shared by the backend tests (not part of the package's public surface).
 *
 * Tolerance used everywhere wasm is compared with cpu: |wasm - cpu| <= ABS + REL * |cpu|
 * element by element. Both are float32; they differ only in summation order (XNNPACK's
 * blocked products against the cpu backend's loops), which moves the last few bits.
 */
export const ABSOLUTE_TOLERANCE = 1e-5;
export const RELATIVE_TOLERANCE = 1e-4;

/** Installs the wasm backend with this package's kernels (once), leaving it active. */
export async function useWasm(): Promise<void> {
  await selectBackend('wasm');
}

/** Deterministic values in [-1, 1) (a small LCG), so fixtures need no files. */
export function fixture(size: number, seed: number): Float32Array {
  const out = new Float32Array(size);
  let state = (seed * 2654435761) >>> 0 || 1;
  for (let i = 0; i < size; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    out[i] = state / 2 ** 31 - 1;
  }
  return out;
}

/** Runs `fn` with `backend` active (tensors made inside live there), then restores the previous backend. */
export async function onBackend<T>(backend: 'cpu' | 'wasm', fn: () => T | Promise<T>): Promise<T> {
  const previous = tf.getBackend();
  await tf.setBackend(backend);
  try {
    return await fn();
  } finally {
    await tf.setBackend(previous);
  }
}

/** Asserts element-wise closeness under the stated tolerance, with a readable failure. */
export function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, label: string): void {
  expect(actual.length, `${label}: length`).toBe(expected.length);
  let worst = 0;
  let worstAt = -1;
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    const excess = Math.abs(a - e) - (ABSOLUTE_TOLERANCE + RELATIVE_TOLERANCE * Math.abs(e));
    if (!(excess <= worst) || Number.isNaN(a) !== Number.isNaN(e)) {
      worst = Number.isNaN(excess) ? Number.POSITIVE_INFINITY : excess;
      worstAt = i;
    }
  }
  expect(
    worstAt,
    worstAt < 0 ? label : `${label}: element ${worstAt} is ${actual[worstAt]}, expected ${expected[worstAt]}`,
  ).toBe(-1);
}
