import { describe, expect, it } from 'vitest';
import { createSplit } from './create-split';
import { CountMismatchError, IdxTypeError, ImageSizeError, LabelRangeError } from './errors';
import { encodeIdx } from './parse-idx';

const images = (count: number, rows = 2, cols = 3) => encodeIdx(new Array(count * rows * cols).fill(9), [count, rows, cols]);
const labels = (values: number[]) => encodeIdx(values, [values.length]);

describe('createSplit', () => {
  it('pairs images and labels', () => {
    const split = createSplit(images(2), labels([3, 4]), { rows: 2, cols: 3, classCount: 10 });
    expect(split).toMatchObject({ count: 2, rows: 2, cols: 3 });
    expect(split.images.length).toBe(12);
    expect(Array.from(split.labels)).toEqual([3, 4]);
  });

  it('throws CountMismatchError naming both files', () => {
    const error = catchError(() => createSplit(images(3), labels([1, 2]), { imagesFile: 'train-images', labelsFile: 't10k-labels' }));
    expect(error).toBeInstanceOf(CountMismatchError);
    expect(error.message).toMatch(/train-images holds 3 images but t10k-labels holds 2 labels; expected the same count.*matching pair/);
  });

  it('throws ImageSizeError for the wrong rows x cols or rank', () => {
    const wrong = catchError(() => createSplit(images(1, 28, 27), labels([0]), { rows: 28, cols: 28, imagesFile: 'imgs' }));
    expect(wrong).toBeInstanceOf(ImageSizeError);
    expect(wrong.message).toMatch(/imgs: expected images of 28x28 pixels, found 28x27 pixels/);
    const flat = catchError(() => createSplit(encodeIdx([1, 2], [2]), labels([0, 1])));
    expect(flat).toBeInstanceOf(ImageSizeError);
    expect(flat.message).toMatch(/expected images of 3 dimensions \(count, rows, cols\), found 1 dimensions/);
    const labels2d = catchError(() => createSplit(images(1), encodeIdx([0], [1, 1])));
    expect(labels2d).toBeInstanceOf(ImageSizeError);
  });

  it('throws IdxTypeError for non-uint8 data', () => {
    const error = catchError(() => createSplit(encodeIdx([1], [1, 1, 1], 'float32'), labels([0]), { imagesFile: 'f' }));
    expect(error).toBeInstanceOf(IdxTypeError);
    expect(error.message).toMatch(/f: expected images of type code 0x08 \(uint8\), found type code 0x0d/);
  });

  it('throws LabelRangeError for labels outside the classes', () => {
    const error = catchError(() => createSplit(images(2), labels([1, 12]), { classCount: 10, labelsFile: 'l' }));
    expect(error).toBeInstanceOf(LabelRangeError);
    expect(error.message).toMatch(/l: expected labels in 0\.\.9, found 12 at index 1/);
  });
});

function catchError(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the call to throw');
}
