import jpeg from 'jpeg-js';
import { describe, expect, it } from 'vitest';
import { decodeImage } from './decode-image.js';
import { applyOrientation, readJpegOrientation } from './exif-orientation.js';

/** Inserts an APP1 Exif segment with the given orientation right after the JPEG's SOI marker. */
function withOrientation(jpegBytes: Uint8Array, orientation: number, littleEndian = false): Uint8Array {
  const tiff = new Uint8Array(8 + 2 + 12 + 4);
  const view = new DataView(tiff.buffer);
  tiff.set(littleEndian ? [0x49, 0x49] : [0x4d, 0x4d]);
  view.setUint16(2, 42, littleEndian);
  view.setUint32(4, 8, littleEndian);
  view.setUint16(8, 1, littleEndian); // one IFD entry
  view.setUint16(10, 0x0112, littleEndian);
  view.setUint16(12, 3, littleEndian); // SHORT
  view.setUint32(14, 1, littleEndian);
  view.setUint16(18, orientation, littleEndian);
  const payload = new Uint8Array([...new TextEncoder().encode('Exif'), 0, 0, ...tiff]);
  const segment = new Uint8Array([0xff, 0xe1, (payload.length + 2) >> 8, (payload.length + 2) & 0xff, ...payload]);
  return new Uint8Array([...jpegBytes.subarray(0, 2), ...segment, ...jpegBytes.subarray(2)]);
}

describe('EXIF orientation', () => {
  // 3 x 2 pixels, one channel: a b c / d e f
  const image = { data: new Uint8Array([1, 2, 3, 4, 5, 6]), width: 3, height: 2 };
  const turned = (o: number) => {
    const r = applyOrientation(image, o, 1);
    return [r.width, r.height, ...r.data];
  };

  it('turns pixels for each of the eight orientations', () => {
    expect(turned(1)).toEqual([3, 2, 1, 2, 3, 4, 5, 6]);
    expect(turned(2)).toEqual([3, 2, 3, 2, 1, 6, 5, 4]);
    expect(turned(3)).toEqual([3, 2, 6, 5, 4, 3, 2, 1]);
    expect(turned(4)).toEqual([3, 2, 4, 5, 6, 1, 2, 3]);
    expect(turned(5)).toEqual([2, 3, 1, 4, 2, 5, 3, 6]);
    expect(turned(6)).toEqual([2, 3, 4, 1, 5, 2, 6, 3]);
    expect(turned(7)).toEqual([2, 3, 6, 3, 5, 2, 4, 1]);
    expect(turned(8)).toEqual([2, 3, 3, 6, 2, 5, 1, 4]);
  });

  it('reads the tag (both byte orders) and decodeImage applies it', () => {
    // 16 x 8: left half black, right half white
    const width = 16;
    const height = 8;
    const rgba = new Uint8Array(width * height * 4);
    for (let i = 0; i < width * height; i++) rgba.set(i % width < 8 ? [0, 0, 0, 255] : [255, 255, 255, 255], i * 4);
    const plain = new Uint8Array(jpeg.encode({ data: rgba, width, height }, 95).data);
    expect(readJpegOrientation(plain)).toBe(1);
    expect(readJpegOrientation(withOrientation(plain, 6, true))).toBe(6);
    const rotated = decodeImage(withOrientation(plain, 6), 'sideways.jpg');
    expect([rotated.width, rotated.height]).toEqual([8, 16]);
    // rotated 90 degrees clockwise: the black left half is now on top
    expect(rotated.data[(1 * 8 + 4) * 4]!).toBeLessThan(60);
    expect(rotated.data[(14 * 8 + 4) * 4]!).toBeGreaterThan(200);
  });
});
