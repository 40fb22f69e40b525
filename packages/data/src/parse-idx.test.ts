import { gzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { GzipError, IdxMagicError, IdxSizeError, IdxTypeError, MnistDataError } from './errors';
import { encodeIdx, type IdxType, parseIdx } from './parse-idx';

describe('parseIdx', () => {
  it('decodes a hand-written big-endian int16 file with 2 dimensions', () => {
    // magic 00 00 0B 02, dims 2 x 1, values 0x0102 = 258 and 0xFFFE = -2
    const bytes = Uint8Array.from([0, 0, 0x0b, 2, 0, 0, 0, 2, 0, 0, 0, 1, 0x01, 0x02, 0xff, 0xfe]);
    const result = parseIdx(bytes);
    expect(result.type).toBe('int16');
    expect(result.shape).toEqual([2, 1]);
    expect(Array.from(result.data)).toEqual([258, -2]);
  });

  it('decodes a hand-written uint8 image file as a view', () => {
    const bytes = Uint8Array.from([0, 0, 8, 3, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 2, 0, 64, 128, 255]);
    const result = parseIdx(bytes);
    expect(result).toMatchObject({ type: 'uint8', shape: [1, 2, 2] });
    expect(result.data).toBeInstanceOf(Uint8Array);
    expect(Array.from(result.data)).toEqual([0, 64, 128, 255]);
    expect(result.data.buffer).toBe(bytes.buffer);
  });

  const cases: [IdxType, number[], new (n: number) => ArrayLike<number>][] = [
    ['uint8', [0, 1, 200, 255], Uint8Array],
    ['int8', [-128, -1, 0, 127], Int8Array],
    ['int16', [-32768, -2, 300, 32767], Int16Array],
    ['int32', [-2147483648, -5, 70000, 2147483647], Int32Array],
    ['float32', [-1.5, 0, 0.25, 2 ** 100], Float32Array],
    ['float64', [-1e300, Math.PI, 0, 1e-300], Float64Array],
  ];
  for (const [type, values, ctor] of cases) {
    it(`round-trips ${type}`, () => {
      const result = parseIdx(encodeIdx(values, [2, 2], type));
      expect(result.type).toBe(type);
      expect(result.shape).toEqual([2, 2]);
      expect(result.data).toBeInstanceOf(ctor);
      expect(Array.from(result.data)).toEqual(values);
    });
  }

  it('handles zero dimensions (a scalar) and many dimensions', () => {
    expect(Array.from(parseIdx(encodeIdx([42], [], 'int32')).data)).toEqual([42]);
    const many = parseIdx(encodeIdx(new Array(24).fill(1), [1, 2, 3, 1, 4]));
    expect(many.shape).toEqual([1, 2, 3, 1, 4]);
    expect(many.data.length).toBe(24);
    expect(parseIdx(encodeIdx([], [0, 28, 28])).shape).toEqual([0, 28, 28]);
  });

  it('inflates gzip input recognised by its magic bytes', () => {
    const raw = encodeIdx([1, 2, 3, 4, 5, 6], [2, 3]);
    const result = parseIdx(gzipSync(raw));
    expect(result.shape).toEqual([2, 3]);
    expect(Array.from(result.data)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('rejects a wrong magic number, naming the file and the bytes found', () => {
    const html = new TextEncoder().encode('<html>not found</html>');
    const error = catchError(() => parseIdx(html, { fileName: 'train-images-idx3-ubyte' }));
    expect(error).toBeInstanceOf(IdxMagicError);
    expect(error).toBeInstanceOf(MnistDataError);
    expect(error.message).toMatch(/^train-images-idx3-ubyte: expected an IDX file starting with bytes 00 00.*found 3c 68 74 6d/);
    expect(error.message).toMatch(/HTML error page/);
  });

  it('rejects an unknown type code', () => {
    const error = catchError(() => parseIdx(Uint8Array.from([0, 0, 0x0a, 1, 0, 0, 0, 0]), { fileName: 'x.idx' }));
    expect(error).toBeInstanceOf(IdxTypeError);
    expect(error.message).toMatch(/x\.idx: expected an IDX type code 0x08 \(uint8\).*found type code 0x0a/);
  });

  it('rejects a truncated payload and a truncated header', () => {
    const full = encodeIdx([1, 2, 3, 4], [4], 'int16');
    const error = catchError(() => parseIdx(full.subarray(0, full.length - 1), { fileName: 'labels' }));
    expect(error).toBeInstanceOf(IdxSizeError);
    expect((error as IdxSizeError).kind).toBe('truncated');
    expect(error.message).toMatch(/labels: the IDX header declares 16 bytes, found 15: the file is truncated.*fetch it again/);
    const header = catchError(() => parseIdx(Uint8Array.from([0, 0, 8, 3, 0, 0])));
    expect(header).toBeInstanceOf(IdxSizeError);
    expect(header.message).toMatch(/declares 16 header bytes, found 6/);
    expect(catchError(() => parseIdx(new Uint8Array(0)))).toBeInstanceOf(IdxSizeError);
  });

  it('rejects an oversized payload', () => {
    const full = encodeIdx([1, 2], [2]);
    const padded = new Uint8Array(full.length + 3);
    padded.set(full);
    const error = catchError(() => parseIdx(padded));
    expect(error).toBeInstanceOf(IdxSizeError);
    expect((error as IdxSizeError).kind).toBe('oversized');
    expect(error.message).toMatch(/declares 10 bytes, found 13: the file is oversized/);
  });

  it('rejects a corrupt gzip stream with GzipError', () => {
    const gz = gzipSync(encodeIdx(new Array(1000).fill(7), [1000]));
    const error = catchError(() => parseIdx(gz.subarray(0, gz.length / 2), { fileName: 'a.gz' }));
    expect(error).toBeInstanceOf(GzipError);
    expect(error.message).toMatch(/a\.gz: expected a valid gzip stream.*inflating failed/);
  });

  it('refuses encodeIdx data that does not fit the shape', () => {
    expect(() => encodeIdx([1, 2, 3], [2, 2])).toThrow(/expected 4 elements for shape \[2, 2\], found 3 elements/);
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
