import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadRecognizer, type Recognizer } from '../src/index.js';
import { MNIST_PIXELS_PER_IMAGE, MNIST_SIDE_PX, readMnistTestSet } from '@mnist/test-utils';

const { images, labels } = readMnistTestSet();
let recognizer: Recognizer;

beforeAll(async () => {
  recognizer = await loadRecognizer();
});
afterAll(() => recognizer.dispose());

/** Pastes MNIST digits side by side (max-blend) on a dark-on-light page, `step` pixels apart. */
function compose(indices: number[], step: number, margin = 10): { data: Uint8Array; width: number; height: number } {
  const width = margin * 2 + step * (indices.length - 1) + MNIST_SIDE_PX;
  const height = MNIST_SIDE_PX + margin * 2;
  const ink = new Uint8Array(width * height);
  indices.forEach((index, k) => {
    for (let y = 0; y < MNIST_SIDE_PX; y++) {
      for (let x = 0; x < MNIST_SIDE_PX; x++) {
        const at = (y + margin) * width + margin + k * step + x;
        ink[at] = Math.max(ink[at]!, images[index * MNIST_PIXELS_PER_IMAGE + y * MNIST_SIDE_PX + x]!);
      }
    }
  });
  return { data: ink.map((v) => 255 - v), width, height };
}

/** Test-set indices of the first example of each requested digit. */
function firstOf(digits: number[]): number[] {
  return digits.map((d) => labels.indexOf(d));
}

describe('readDigits', () => {
  it('reads a row of separate digits left to right with boxes', async () => {
    const reading = await recognizer.readDigits(compose(firstOf([2, 0, 2, 6]), 34));
    expect(reading.text).toBe('2026');
    expect(reading.digits).toHaveLength(4);
    const xs = reading.digits.map((d) => d.box.x);
    expect([...xs].sort((a, b) => a - b)).toEqual(xs);
    for (const d of reading.digits) expect(d.box.height).toBeGreaterThan(10);
  });

  it('reads many digit rows correctly (at least 90% of strings)', async () => {
    let right = 0;
    const rows = 30;
    for (let r = 0; r < rows; r++) {
      const indices = [0, 1, 2, 3].map((k) => (r * 37 + k * 101) % 10_000);
      const reading = await recognizer.readDigits(compose(indices, 32));
      if (reading.text === indices.map((i) => labels[i]).join('')) right++;
    }
    expect(right / rows).toBeGreaterThanOrEqual(0.9);
  });

  it('merges broken strokes of one digit into one', async () => {
    const image = compose(firstOf([4, 7]), 34);
    // Erase a horizontal band through the first digit: its strokes split into pieces above/below.
    for (let y = 10 + 14; y < 10 + 16; y++) for (let x = 10; x < 10 + MNIST_SIDE_PX; x++) image.data[y * image.width + x] = 255;
    const reading = await recognizer.readDigits(image);
    expect(reading.digits).toHaveLength(2);
    expect(reading.text.slice(1)).toBe('7');
  });

  it('splits touching digits', async () => {
    const reading = await recognizer.readDigits(compose(firstOf([1, 0, 3]), 18));
    expect(reading.digits.length).toBe(3);
    expect(reading.text).toBe('103');
  });

  it('returns no digits for a blank page', async () => {
    expect(await recognizer.readDigits({ data: new Uint8Array(100 * 40).fill(255), width: 100, height: 40 })).toEqual({
      text: '',
      digits: [],
    });
  });
});
