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

  /** Paints a filled ellipse of ink (dark on light) centred at (cx, cy) with radii rx, ry. */
  function blot(image: { data: Uint8Array; width: number }, cx: number, cy: number, rx: number, ry: number): void {
    for (let y = Math.floor(cy - ry); y <= Math.ceil(cy + ry); y++) {
      for (let x = Math.floor(cx - rx); x <= Math.ceil(cx + rx); x++) {
        if (((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2 <= 1) image.data[y * image.width + x] = 0;
      }
    }
  }

  /** Three digits with room for a mark between the first and the second (a gap of `gap` pixels). */
  function withGap(digits: number[], gap: number) {
    const step = 30;
    const image = compose(firstOf(digits), step);
    // Shift digits 2.. right by `gap` pixels to make room.
    const wider = { data: new Uint8Array((image.width + gap) * image.height).fill(255), width: image.width + gap, height: image.height };
    const splitAt = 10 + step - 2;
    for (let y = 0; y < image.height; y++) {
      for (let x = 0; x < image.width; x++) {
        const to = x < splitAt ? x : x + gap;
        wider.data[y * wider.width + to] = image.data[y * image.width + x]!;
      }
    }
    return { image: wider, markX: splitAt + gap / 2 };
  }

  it('reads a decimal point as "." ("3.14"), never as a digit', async () => {
    const { image, markX } = withGap([3, 1, 4], 12);
    blot(image, markX, 10 + 23, 2.2, 2.2); // a pen dot on the baseline
    const reading = await recognizer.readDigits(image);
    expect(reading.text).toBe('3.14');
    expect(reading.digits.map((d) => d.digit)).toEqual([3, 1, 4]);
  });

  it('reads a comma as "," and a dash as "-" between digits', async () => {
    const comma = withGap([1, 5, 7], 12);
    blot(comma.image, comma.markX, 10 + 24, 1.6, 3.5); // taller than wide, low in the line
    expect((await recognizer.readDigits(comma.image)).text).toBe('1,57');
    const dash = withGap([1, 2, 3], 14);
    blot(dash.image, dash.markX, 10 + 14, 5, 1.5);
    expect((await recognizer.readDigits(dash.image)).text).toBe('1-23');
  });

  it('drops specks and marks that separate nothing', async () => {
    const image = compose(firstOf([4, 2]), 34);
    blot(image, 10 + 34 + MNIST_SIDE_PX + 6, 10 + 23, 2, 2); // a point after the last digit
    blot(image, 3, 3, 0.8, 0.8); // dust in the corner
    const reading = await recognizer.readDigits(image);
    expect(reading.text).toBe('42');
  });

  it('reads two rows of digits line by line', async () => {
    const top = compose(firstOf([1, 2]), 34);
    const bottom = compose(firstOf([3, 4]), 34);
    const page = { data: new Uint8Array(top.data.length * 2), width: top.width, height: top.height * 2 };
    page.data.set(top.data, 0);
    page.data.set(bottom.data, top.data.length);
    const reading = await recognizer.readDigits(page);
    expect(reading.text).toBe('12\n34');
    expect(reading.digits.map((d) => d.digit)).toEqual([1, 2, 3, 4]);
  });
});
