import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { BackendUnavailableError } from './errors.js';
import { backendPreference, isNode } from './platform.js';
import { runOnBackend, selectBackend } from './select-backend.js';

describe('selectBackend', () => {
  it('prefers tfjs-node, then wasm, then cpu in Node', () => {
    expect(isNode()).toBe(true);
    expect(backendPreference()).toEqual(['tensorflow', 'wasm', 'cpu']);
  });

  it('falls back past a tfjs-node that does not load, without making its choice the global backend', async () => {
    const before = (tf.engine() as unknown as { backendName?: string | null }).backendName;
    const chosen = await selectBackend();
    expect(['tensorflow', 'wasm', 'cpu']).toContain(chosen.name);
    expect((tf.engine() as unknown as { registry: Record<string, unknown> }).registry[chosen.name]).toBe(chosen.backend);
    expect((tf.engine() as unknown as { backendName?: string | null }).backendName).toBe(before);
  });

  it('honours an explicit choice and rejects unknown names', async () => {
    expect((await selectBackend('cpu')).name).toBe('cpu');
    await expect(selectBackend('metal' as never)).rejects.toThrow(BackendUnavailableError);
    await expect(selectBackend('webgl')).rejects.toThrow(/webgl.*not registered \(import '@tensorflow\/tfjs-backend-webgl'/);
  });

  it('runs code on a backend and restores the global one, even when the code throws', async () => {
    const wasm = await selectBackend('wasm');
    const cpu = await selectBackend('cpu');
    await tf.setBackend('cpu');
    expect(runOnBackend(wasm.backend, 'wasm', () => tf.getBackend())).toBe('wasm');
    expect(runOnBackend(wasm.backend, 'wasm', () => tf.add(tf.tensor([1, 2]), 1).dataSync())).toEqual(new Float32Array([2, 3]));
    expect(() => runOnBackend(wasm.backend, 'wasm', () => { throw new Error('boom'); })).toThrow('boom');
    expect(tf.getBackend()).toBe('cpu');
    expect(tf.backend()).toBe(cpu.backend);
  });
});
