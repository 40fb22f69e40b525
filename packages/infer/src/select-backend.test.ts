import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { BackendUnavailableError } from './errors.js';
import { backendPreference, isNode, selectBackend } from './select-backend.js';

describe('selectBackend', () => {
  it('prefers tfjs-node, then wasm, then cpu in Node', () => {
    expect(isNode()).toBe(true);
    expect(backendPreference()).toEqual(['tensorflow', 'wasm', 'cpu']);
  });

  it('falls back past a tfjs-node that does not load, and installs the backend it reports', async () => {
    const chosen = await selectBackend();
    expect(['tensorflow', 'wasm', 'cpu']).toContain(chosen);
    expect(tf.getBackend()).toBe(chosen);
  });

  it('honours an explicit choice and rejects unknown names', async () => {
    expect(await selectBackend('cpu')).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
    await expect(selectBackend('metal' as never)).rejects.toThrow(BackendUnavailableError);
  });
});
