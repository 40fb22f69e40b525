import * as tf from '@tensorflow/tfjs';
import { describe, expect, it, vi } from 'vitest';
import { BackendUnavailableError } from './backend-unavailable-error.js';
import { registerWasmGradientKernels, WASM_GRADIENT_KERNEL_NAMES } from './register-wasm-gradient-kernels.js';
import { type BackendRequest, errorText, selectBackend } from './select-backend.js';

/** Whether @tensorflow/tfjs-node loads on this machine (it does not where its native download failed). */
async function tfjsNodeLoads(): Promise<boolean> {
  try {
    const specifier = '@tensorflow/tfjs-node';
    await import(/* @vite-ignore */ specifier);
    return true;
  } catch {
    return false;
  }
}

describe('selectBackend', () => {
  it("'auto' picks tfjs-node when it loads, otherwise wasm with the gradient kernels, and says why", async () => {
    const info = await selectBackend('auto');
    expect(info.requested).toBe('auto');
    expect(tf.getBackend()).toBe(info.name);
    if (await tfjsNodeLoads()) {
      expect(info.name).toBe('tensorflow');
      expect(info.tfjsNodeError).toBeUndefined();
    } else {
      expect(info.name).toBe('wasm');
      expect(info.tfjsNodeError).toMatch(/\S/);
      // Plain words, never a loader message with bundler chunk names.
      expect(info.reason).toMatch(/^tfjs-node (not installed|failed to load \(.+\)): using wasm/);
      expect(info.reason).not.toMatch(/chunk-|imported from|Cannot find package/);
      expect(info.reason).toMatch(/using wasm with mnist gradient kernels$/);
      for (const name of WASM_GRADIENT_KERNEL_NAMES) expect(tf.getKernel(name, 'wasm')).toBeDefined();
    }
  });

  it("'tensorflow' throws BackendUnavailableError with a fix when tfjs-node cannot load", async () => {
    if (await tfjsNodeLoads()) {
      expect((await selectBackend('tensorflow')).name).toBe('tensorflow');
      return;
    }
    const failure = await selectBackend('tensorflow').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(BackendUnavailableError);
    const error = failure as BackendUnavailableError;
    expect(error.backend).toBe('tensorflow');
    expect(error.detail).toMatch(/\S/);
    expect(error.message).toMatch(/Install @tensorflow\/tfjs-node/);
    expect(error.message).toMatch(/--backend auto or wasm/);
  });

  it.each(['wasm', 'cpu'] as const)("'%s' installs exactly that backend", async (name) => {
    const info = await selectBackend(name);
    expect(info).toMatchObject({ name, requested: name });
    expect(info.reason).toMatch(/\S/);
    expect(tf.getBackend()).toBe(name);
  });

  it('rejects an unknown request with the accepted values', async () => {
    await expect(selectBackend('gpu' as BackendRequest)).rejects.toThrow(/'auto', 'tensorflow', 'wasm', 'cpu'.*"gpu"/);
  });
});

describe('registerWasmGradientKernels', () => {
  it('is idempotent and does not warn about re-registration', async () => {
    await selectBackend('wasm');
    const warn = vi.spyOn(console, 'warn');
    const before = WASM_GRADIENT_KERNEL_NAMES.map((name) => tf.getKernel(name, 'wasm')!.kernelFunc);
    registerWasmGradientKernels();
    registerWasmGradientKernels();
    const after = WASM_GRADIENT_KERNEL_NAMES.map((name) => tf.getKernel(name, 'wasm')!.kernelFunc);
    expect(after).toEqual(before);
    expect(warn).not.toHaveBeenCalled();
    warn.mockRestore();
    // Still computes: a filter gradient on wasm.
    const dw = tf.tidy(() =>
      Array.from(
        (
          tf.engine().runKernel(
            tf.Conv2DBackpropFilter,
            { x: tf.ones([1, 3, 3, 1]), dy: tf.ones([1, 1, 1, 1]) },
            { strides: [1, 1], pad: 'valid', dataFormat: 'NHWC', filterShape: [3, 3, 1, 1] },
          ) as tf.Tensor
        ).dataSync(),
      ),
    );
    expect(dw).toEqual(new Array(9).fill(1));
  });
});

describe('errorText', () => {
  it('keeps no directory of the machine in a loader error', () => {
    const error = new Error(
      "Cannot find package '/home/alice/project/node_modules/.pnpm/x/node_modules/@tensorflow/tfjs-node/index.js' imported from /home/alice/project/packages/train/dist/chunk-1.js\nRequire stack:\n- /home/alice/a.js",
    );
    const text = errorText(error);
    expect(text).toBe("Cannot find package '@tensorflow/tfjs-node/index.js' imported from chunk-1.js");
    expect(text).not.toContain('/home/alice');
  });

  it('leaves a message without paths alone', () => {
    expect(errorText(new Error('libtensorflow.so and/or its deps: cannot open shared object file'))).toBe(
      'libtensorflow.so and/or its deps: cannot open shared object file',
    );
  });
});
