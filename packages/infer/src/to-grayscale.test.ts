import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import {
  DataLengthError,
  InvalidSizeError,
  NonFinitePixelError,
  PixelRangeError,
  UnsupportedInputError,
} from './errors.js';
import { toGrayscale } from './to-grayscale.js';

describe('toGrayscale', () => {
  it('reads gray, RGB and RGBA pixels and infers channels from the length', () => {
    expect(Array.from(toGrayscale({ data: Uint8Array.of(0, 255), width: 2, height: 1 }).data)).toEqual([0, 1]);
    const rgb = toGrayscale({ data: Uint8Array.of(255, 0, 0, 0, 0, 255), width: 2, height: 1 });
    expect(rgb.data[0]).toBeCloseTo(0.299, 3);
    expect(rgb.data[1]).toBeCloseTo(0.114, 3);
    const rgba = toGrayscale({ data: new Uint8ClampedArray([255, 255, 255, 255]), width: 1, height: 1, channels: 4 });
    expect(rgba.data[0]).toBeCloseTo(1, 5);
    expect(toGrayscale({ data: Float32Array.of(0.5), width: 1, height: 1 }).data[0]).toBeCloseTo(0.5, 6);
  });

  it('composites black strokes on a transparent canvas over white', () => {
    // Pixel 0: transparent black (background), pixel 1: opaque black ink.
    const gray = toGrayscale({ data: Uint8Array.of(0, 0, 0, 0, 0, 0, 0, 255), width: 2, height: 1 });
    expect(Array.from(gray.data)).toEqual([1, 0]);
  });

  it('reads 2-D and 3-D tensors (int32 0..255 and float32 0..1)', () => {
    const a = tf.tensor2d([[0, 255]], [1, 2], 'int32');
    const b = tf.tensor3d([[[0.25], [1]]], [1, 2, 1], 'float32');
    expect(Array.from(toGrayscale(a).data)).toEqual([0, 1]);
    expect(Array.from(toGrayscale(b).data)).toEqual([0.25, 1]);
    tf.dispose([a, b]);
  });

  it('rejects a data length that does not match width x height x channels', () => {
    const call = () => toGrayscale({ data: new Uint8Array(10), width: 3, height: 3, channels: 1 });
    expect(call).toThrow(DataLengthError);
    expect(call).toThrow(/Expected 9 values \(width 3 x height 3 x 1 channel\(s\)\), but data has 10/);
    expect(() => toGrayscale({ data: new Uint8Array(10), width: 3, height: 3 })).toThrow(DataLengthError);
  });

  it('rejects zero, negative and fractional sizes', () => {
    expect(() => toGrayscale({ data: new Uint8Array(0), width: 0, height: 5 })).toThrow(InvalidSizeError);
    expect(() => toGrayscale({ data: new Uint8Array(4), width: -2, height: -2 })).toThrow(/positive integer width and height, but found -2 x -2/);
    expect(() => toGrayscale({ data: new Uint8Array(4), width: 1.5, height: 2 })).toThrow(InvalidSizeError);
  });

  it('rejects NaN and out-of-range float pixels', () => {
    expect(() => toGrayscale({ data: Float32Array.of(0, Number.NaN), width: 2, height: 1 })).toThrow(NonFinitePixelError);
    expect(() => toGrayscale({ data: Float32Array.of(0, Number.NaN), width: 2, height: 1 })).toThrow(/NaN at index 1/);
    expect(() => toGrayscale({ data: Float32Array.of(0, 255), width: 2, height: 1 })).toThrow(PixelRangeError);
    const t = tf.tensor2d([[Number.NaN]], [1, 1], 'float32');
    expect(() => toGrayscale(t)).toThrow(NonFinitePixelError);
    t.dispose();
  });

  it('rejects unsupported inputs, channel counts, typed arrays and tensor ranks', () => {
    expect(() => toGrayscale('digit.png' as never)).toThrow(UnsupportedInputError);
    expect(() => toGrayscale({ pixels: [] } as never)).toThrow(UnsupportedInputError);
    expect(() => toGrayscale({ data: new Uint8Array(8), width: 2, height: 2, channels: 2 as never })).toThrow(/channels = 2/);
    expect(() => toGrayscale({ data: new Int16Array(4) as never, width: 2, height: 2 })).toThrow(UnsupportedInputError);
    const t = tf.zeros([1, 2, 2, 1]);
    expect(() => toGrayscale(t)).toThrow(/4-D tensor/);
    t.dispose();
  });
});
