import { describe, expect, it } from 'vitest';
import { decodePgm } from './decode-pgm.js';
import { CorruptImageError } from './image-errors.js';

const ascii = (text: string) => new TextEncoder().encode(text);

describe('decodePgm', () => {
  it('reads P2 with comments and rescales maxval to 0..255', () => {
    const image = decodePgm(ascii('P2\n# a comment\n3 2 # trailing\n15\n0 15 5\n10 0 15\n'));
    expect([image.width, image.height, image.channels]).toEqual([3, 2, 1]);
    expect(Array.from(image.data)).toEqual([0, 255, 85, 170, 0, 255]);
  });

  it('reads 8-bit and 16-bit big-endian P5', () => {
    const eight = decodePgm(new Uint8Array([...ascii('P5\n2 1\n255\n'), 7, 200]));
    expect(Array.from(eight.data)).toEqual([7, 200]);
    const sixteen = decodePgm(new Uint8Array([...ascii('P5 2 1 65535\n'), 0xff, 0xff, 0x80, 0x00]));
    expect(Array.from(sixteen.data)).toEqual([255, 128]);
  });

  it('refuses truncated data, a bad header and out-of-range samples with the file name', () => {
    expect(() => decodePgm(new Uint8Array([...ascii('P5\n4 4\n255\n'), 1, 2, 3]), 'scan.pgm')).toThrowError(
      /scan\.pgm: expected 16 bytes of pixels for 4x4, found 3/,
    );
    expect(() => decodePgm(ascii('P2\n2 x\n255\n'), 'a.pgm')).toThrowError(CorruptImageError);
    expect(() => decodePgm(ascii('P2\n0 2\n255\n'), 'a.pgm')).toThrowError(/at least 1x1/);
    expect(() => decodePgm(ascii('P2\n1 1\n10\n11\n'), 'a.pgm')).toThrowError(/pixel 1 is 11, above the declared maximum 10/);
  });
});
