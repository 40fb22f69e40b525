import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { decodeImage, sniffImageFormat } from './decode-image.js';
import { CorruptImageError, UnsupportedImageError } from './image-errors.js';

/** A 16x12 RGBA gradient, left dark to right light. */
function gradient(width = 16, height = 12): Buffer {
  const data = Buffer.alloc(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    const v = Math.round(((i % width) / (width - 1)) * 255);
    data.set([v, v, v, 255], i * 4);
  }
  return data;
}

describe('decodeImage', () => {
  it('decodes PNG to RGBA pixels exactly', () => {
    const png = new PNG({ width: 16, height: 12 });
    png.data = gradient();
    const image = decodeImage(PNG.sync.write(png), 'g.png');
    expect([image.format, image.width, image.height, image.channels]).toEqual(['png', 16, 12, 4]);
    expect(Buffer.from(image.data).equals(gradient())).toBe(true);
  });

  it('decodes JPEG (lossy: within a few levels)', () => {
    const encoded = jpeg.encode({ data: gradient(), width: 16, height: 12 }, 95).data;
    const image = decodeImage(encoded, 'g.jpg');
    expect([image.format, image.width, image.height]).toEqual(['jpeg', 16, 12]);
    const expected = gradient();
    for (let i = 0; i < expected.length; i += 4) expect(Math.abs(image.data[i]! - expected[i]!)).toBeLessThan(12);
  });

  it('recognises formats by content, not name', () => {
    expect(sniffImageFormat(new TextEncoder().encode('P5\n1 1\n255\n\u0000'))).toBe('pgm');
    expect(sniffImageFormat(new TextEncoder().encode('PK\u0003\u0004'))).toBeUndefined();
    expect(decodeImage(new TextEncoder().encode('P2\n1 1\n255\n9\n'), 'x.png').format).toBe('pgm');
  });

  it('non-images and damaged files get typed errors naming the file and the fix', () => {
    expect(() => decodeImage(new TextEncoder().encode('<html>'), 'page.png')).toThrowError(UnsupportedImageError);
    expect(() => decodeImage(new Uint8Array(0), 'empty.png')).toThrowError(/empty\.png: expected a PNG, JPEG or PGM image, found an empty file/);
    const png = new PNG({ width: 16, height: 12 });
    png.data = gradient();
    const bytes = PNG.sync.write(png);
    const truncated = bytes.subarray(0, bytes.length - 20);
    expect(() => decodeImage(truncated, 'cut.png')).toThrowError(CorruptImageError);
    const damaged = Buffer.from(jpeg.encode({ data: gradient(), width: 16, height: 12 }, 90).data.subarray(0, 40));
    expect(() => decodeImage(damaged, 'cut.jpg')).toThrowError(/cut\.jpg: looks like a JPEG but cannot be decoded/);
  });
});
