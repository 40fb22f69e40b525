/** EXIF tag of the orientation (how a camera held sideways wants the image turned). */
const ORIENTATION_TAG = 0x0112;
const APP1 = 0xe1;
const START_OF_SCAN = 0xda;
const EXIF_HEADER = 'Exif\u0000\u0000';

/**
 * The EXIF orientation (1..8) of a JPEG, 1 when it has none. Phone cameras store photos sideways and
 * set this tag instead of rotating the pixels.
 */
export function readJpegOrientation(bytes: Uint8Array): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let pos = 2; // after SOI
  while (pos + 4 <= bytes.length && bytes[pos] === 0xff) {
    const marker = bytes[pos + 1]!;
    if (marker === START_OF_SCAN) break;
    const length = view.getUint16(pos + 2);
    const start = pos + 4;
    if (marker === APP1 && String.fromCharCode(...bytes.subarray(start, start + 6)) === EXIF_HEADER) {
      const tiff = start + 6;
      if (tiff + 8 > bytes.length) return 1;
      const little = bytes[tiff] === 0x49; // "II"
      const u16 = (at: number) => (at + 2 <= bytes.length ? view.getUint16(at, little) : 0);
      const u32 = (at: number) => (at + 4 <= bytes.length ? view.getUint32(at, little) : 0);
      const ifd = tiff + u32(tiff + 4);
      const entries = u16(ifd);
      for (let i = 0; i < entries; i++) {
        const entry = ifd + 2 + i * 12;
        if (u16(entry) === ORIENTATION_TAG) {
          const value = u16(entry + 8);
          return value >= 1 && value <= 8 ? value : 1;
        }
      }
      return 1;
    }
    pos = start + length - 2;
  }
  return 1;
}

/**
 * Turns interleaved pixels (`channels` per pixel) the way EXIF `orientation` says, so the image is
 * upright: 2 mirror, 3 rotate 180, 4 flip, 5 transpose, 6 rotate 90 clockwise, 7 transverse, 8 rotate
 * 90 counter-clockwise. Orientations 5..8 swap width and height.
 */
export function applyOrientation(
  image: { data: Uint8Array; width: number; height: number },
  orientation: number,
  channels: number,
): { data: Uint8Array; width: number; height: number } {
  if (orientation <= 1 || orientation > 8) return image;
  const { width: W, height: H } = image;
  const swap = orientation >= 5;
  const width = swap ? H : W;
  const height = swap ? W : H;
  const data = new Uint8Array(image.data.length);
  for (let v = 0; v < height; v++) {
    for (let u = 0; u < width; u++) {
      let x: number;
      let y: number;
      switch (orientation) {
        case 2: [x, y] = [W - 1 - u, v]; break;
        case 3: [x, y] = [W - 1 - u, H - 1 - v]; break;
        case 4: [x, y] = [u, H - 1 - v]; break;
        case 5: [x, y] = [v, u]; break;
        case 6: [x, y] = [v, H - 1 - u]; break;
        case 7: [x, y] = [W - 1 - v, H - 1 - u]; break;
        default: [x, y] = [W - 1 - v, u]; break; // 8
      }
      const from = (y * W + x) * channels;
      data.set(image.data.subarray(from, from + channels), (v * width + u) * channels);
    }
  }
  return { data, width, height };
}
