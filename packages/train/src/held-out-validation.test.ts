import { splitValidation, subset, type Split } from '@mnist/data';
import { describe, expect, it } from 'vitest';
import { deriveSeed, SEED_PURPOSE } from './derive-seed.js';
import { heldOutValidation } from './held-out-validation.js';
import { PRESETS } from './presets.js';
import { resolveTrainOptions } from './train-options.js';

/** n tiny 2x2 images whose first pixel is the example's index (mod 256), labels index mod 10. */
function split(n: number): Split {
  const images = new Uint8Array(n * 4);
  for (let i = 0; i < n; i++) images[i * 4] = i % 256;
  return { images, labels: Uint8Array.from({ length: n }, (_, i) => i % 10), count: n } as Split;
}

describe('heldOutValidation', () => {
  it('rebuilds the split train() holds out, after the limit', () => {
    const data = split(300);
    const run = { seed: 7, validationSplit: 0.2, limit: 200 };
    const held = heldOutValidation(data, run)!;
    const expected = splitValidation(subset(data, 200), 0.2, deriveSeed(7, SEED_PURPOSE.validationSplit)).validation;
    expect(held.count).toBe(40);
    expect(Array.from(held.images)).toEqual(Array.from(expected.images));
    expect(Array.from(held.labels)).toEqual(Array.from(expected.labels));
    // Only images from the first 200 (the limit) are held out.
    for (let i = 0; i < held.count; i++) expect(held.images[i * 4]).toBeLessThan(200);
    expect(heldOutValidation(data, { seed: 8, validationSplit: 0.2, limit: 200 })!.images).not.toEqual(held.images);
  });

  it('is undefined when the run held out nothing', () => {
    expect(heldOutValidation(split(50), { seed: 1, validationSplit: 0 })).toBeUndefined();
  });
});

describe('robust preset', () => {
  it('holds out images for calibration, trains without label smoothing and with the capture-pipeline augmentation', () => {
    const resolved = resolveTrainOptions({ preset: 'robust' });
    expect(resolved).toMatchObject({ model: 'cnn-bn', labelSmoothing: 0, validationSplit: PRESETS.robust.validationSplit });
    expect(resolved.validationSplit).toBeGreaterThan(0);
    expect(resolved.augment).toMatchObject({ shear: 25, boxNormalize: expect.any(Number), binarize: expect.any(Number), gaps: expect.any(Number) });
    // The best preset is unchanged.
    expect(PRESETS.best).toMatchObject({ model: 'cnn-bn', epochs: 14, learningRate: 0.004, labelSmoothing: 0, validationSplit: 0 });
  });
});
