import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadRecognizer, type Recognizer } from '../src/index.js';
import { createTestRng, MNIST_TEST_COUNT, mnistTestDigit, readMnistTestSet } from '@mnist/test-utils';
import { TRANSFORMS, type Transform, transformDigit } from './transformed-mnist.js';

/** Test digits in the sample (spread over the whole test set). */
const SAMPLE_SIZE = 1000;
/** Allowed accuracy loss on transformed digits, in fraction (1 point). */
const MAX_DROP = 0.01;

const { images, labels } = readMnistTestSet();
let recognizer: Recognizer;
beforeAll(async () => {
  recognizer = await loadRecognizer();
});
afterAll(() => recognizer.dispose());

describe('transformed MNIST digits', () => {
  it('stay within 1 point of the untransformed accuracy (scale 0.4x-3x, off-centre, inverted, thick, thin)', async () => {
    const step = MNIST_TEST_COUNT / SAMPLE_SIZE;
    const indices = Array.from({ length: SAMPLE_SIZE }, (_, k) => k * step + (k % step));
    const plain = await recognizer.classifyBatch(indices.map((i) => mnistTestDigit(images, i)));
    const baseline = plain.filter((r, k) => r.digit === labels[indices[k]!]).length / SAMPLE_SIZE;
    const rng = createTestRng(2026);
    const kinds: Transform[] = indices.map((_, k) => TRANSFORMS[k % TRANSFORMS.length]!);
    const transformed = await recognizer.classifyBatch(indices.map((i, k) => transformDigit(images, i, kinds[k]!, rng)));
    const correct = transformed.map((r, k) => r.digit === labels[indices[k]!]);
    const accuracy = correct.filter(Boolean).length / SAMPLE_SIZE;
    const perKind = Object.fromEntries(
      TRANSFORMS.map((t) => {
        const ks = kinds.flatMap((kind, k) => (kind === t ? [k] : []));
        return [t, ks.filter((k) => correct[k]).length / ks.length];
      }),
    );
    console.log(`untransformed ${baseline}, transformed ${accuracy}`, perKind);
    expect(accuracy).toBeGreaterThanOrEqual(baseline - MAX_DROP);
  });
});
