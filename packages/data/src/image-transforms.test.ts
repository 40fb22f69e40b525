import { describe, expect, it } from 'vitest';
import { augment } from './augment';
import { createRng } from './create-rng';
import { InvalidOptionError } from './errors';
import { addSpeckle, binarize, boxNormalize, breakStrokes, downsample, inkBounds, upsample } from './image-transforms';

const SIZE = 28;

/** A 28x28 image with a filled rectangle of value `v` at rows y0..y1, columns x0..x1 (inclusive). */
function rect(x0: number, y0: number, x1: number, y1: number, v = 255): Uint8Array {
  const image = new Uint8Array(SIZE * SIZE);
  for (let y = y0; y <= y1; y++) for (let x = x0; x <= x1; x++) image[y * SIZE + x] = v;
  return image;
}

const inkCount = (image: Uint8Array, threshold = 128) => image.reduce((n, v) => n + (v >= threshold ? 1 : 0), 0);

describe('image transforms', () => {
  it('box normalisation stretches a narrow digit to fill the centred 20x20 box', () => {
    const out = new Uint8Array(SIZE * SIZE);
    boxNormalize(rect(12, 4, 15, 23), SIZE, SIZE, out); // a 4 px wide, 20 px tall bar
    expect(inkBounds(out, SIZE, SIZE)).toEqual({ minX: 4, minY: 4, maxX: 23, maxY: 23 });
    expect(inkCount(out)).toBe(400);
    const blank = new Uint8Array(SIZE * SIZE);
    boxNormalize(new Uint8Array(SIZE * SIZE), SIZE, SIZE, blank);
    expect(inkCount(blank, 1)).toBe(0);
  });

  it('binarises at the threshold', () => {
    const image = Uint8Array.from([0, 50, 127, 128, 200, 255]);
    binarize(image, image.length, 128);
    expect(Array.from(image)).toEqual([0, 0, 0, 255, 255, 255]);
  });

  it('downsampling averages areas and upsampling brings the size back', () => {
    const image = rect(0, 0, 13, 27); // left half white
    const small = new Uint8Array(14 * 14);
    downsample(image, SIZE, SIZE, small, 14);
    expect(small[0]).toBe(255);
    expect(small[13]).toBe(0);
    const odd = new Uint8Array(12 * 12);
    downsample(image, SIZE, SIZE, odd, 12);
    // Column 5 of 12 covers source columns 11.67..14: 2.33 of 2.33 white -> 255; column 6 covers 14..16.33 -> 0.
    expect(odd[5]).toBe(255);
    expect(odd[6]).toBe(0);
    const back = new Uint8Array(SIZE * SIZE);
    upsample(small, 14, back, SIZE, SIZE);
    expect(back[0]).toBe(255);
    expect(back[27]).toBe(0);
    expect(back[14 * SIZE + 13]).toBeGreaterThan(100); // the edge is soft
    expect(back[14 * SIZE + 13]).toBeLessThan(255);
  });

  it('breaks strokes with gaps on the ink, deterministically', () => {
    const bar = rect(4, 12, 23, 14); // a horizontal stroke 3 px thick
    const a = bar.slice();
    breakStrokes(a, SIZE, SIZE, 2, 1.5, createRng(1), new Int32Array(SIZE * SIZE));
    expect(inkCount(a)).toBeLessThan(inkCount(bar));
    expect(inkCount(a)).toBeGreaterThan(inkCount(bar) - 2 * 13);
    const b = bar.slice();
    breakStrokes(b, SIZE, SIZE, 2, 1.5, createRng(1), new Int32Array(SIZE * SIZE));
    expect(b).toEqual(a);
    for (let i = 0; i < a.length; i++) if (bar[i] === 0) expect(a[i]).toBe(0); // only ink is erased
  });

  it('speckle changes about density of the pixels', () => {
    const image = new Uint8Array(100 * 100);
    addSpeckle(image, image.length, 0.02, createRng(4));
    const changed = image.reduce((n, v) => n + (v > 0 ? 1 : 0), 0);
    expect(changed).toBeGreaterThan(100); // 2% of 10,000 is 200, 3/4 of them bright
    expect(changed).toBeLessThan(220);
  });
});

describe('augment: capture-pipeline options', () => {
  const digit = rect(12, 4, 15, 23);

  it('shears: a vertical bar leans by tan(angle) pixels per row', () => {
    // rng 1 - tiny: shear angle ~ +max; every other draw is 0 effect because those options are off.
    const out = augment({ images: digit, count: 1, rows: SIZE, cols: SIZE, transforms: { shear: 45 }, rng: () => 0.999999 });
    const centreX = (row: number) => {
      let mass = 0;
      let sum = 0;
      for (let x = 0; x < SIZE; x++) {
        mass += out[row * SIZE + x]!;
        sum += x * out[row * SIZE + x]!;
      }
      return sum / mass;
    };
    expect(Math.abs(centreX(6) - centreX(21))).toBeCloseTo(15, 0);
  });

  it('applies each capture effect with its probability, reproducibly', () => {
    const count = 400;
    const images = new Uint8Array(count * SIZE * SIZE);
    for (let n = 0; n < count; n++) images.set(digit, n * SIZE * SIZE);
    const transforms = { boxNormalize: 0.5, binarize: 0.5, lowResolution: 0.5, gaps: 0.5, speckle: 0.5 };
    const out = augment({ images, count, rows: SIZE, cols: SIZE, transforms, rng: createRng(7) });
    expect(augment({ images, count, rows: SIZE, cols: SIZE, transforms, rng: createRng(7) })).toEqual(out);
    expect(out).not.toEqual(images);
    const onlyBox = augment({ images, count, rows: SIZE, cols: SIZE, transforms: { boxNormalize: 0.5 }, rng: createRng(7) });
    let boxed = 0;
    for (let n = 0; n < count; n++) {
      const b = inkBounds(onlyBox.subarray(n * 784, n * 784 + 784), SIZE, SIZE, 128);
      if (b && b.maxX - b.minX > 10) boxed++;
    }
    expect(boxed).toBeGreaterThan(count * 0.35);
    expect(boxed).toBeLessThan(count * 0.65);
  });

  it('keeps the sequence of earlier options when no new option is given', () => {
    const images = rect(8, 6, 19, 21, 200);
    const transforms = { rotation: 15, scale: 0.1, translation: 2, stroke: 1 };
    const a = augment({ images, count: 1, rows: SIZE, cols: SIZE, transforms, rng: createRng(3) });
    const b = augment({ images, count: 1, rows: SIZE, cols: SIZE, transforms: { ...transforms, shear: 0, aspect: 0, gaps: 0 }, rng: createRng(3) });
    expect(b).toEqual(a);
  });

  it('rejects out-of-range capture options', () => {
    const request = { images: digit, count: 1, rows: SIZE, cols: SIZE, rng: Math.random };
    expect(() => augment({ ...request, transforms: { binarize: 1.5 } })).toThrow(InvalidOptionError);
    expect(() => augment({ ...request, transforms: { gaps: -0.1 } })).toThrow(/augment gaps/);
    expect(() => augment({ ...request, transforms: { shear: 90 } })).toThrow(/augment shear/);
    expect(() => augment({ ...request, transforms: { aspect: 1 } })).toThrow(/augment aspect/);
  });
});
