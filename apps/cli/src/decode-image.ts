import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { decodePgm } from './decode-pgm.js';
import { applyOrientation, readJpegOrientation } from './exif-orientation.js';
import { CorruptImageError, UnsupportedImageError } from './image-errors.js';

/** The formats `decodeImage` reads. */
export type ImageFormat = 'png' | 'jpeg' | 'pgm';

/** Decoded pixels, row-major, channels interleaved; the `{ data, width, height, channels }` @mnist/infer takes. */
export interface DecodedImage {
  data: Uint8Array;
  width: number;
  height: number;
  channels: 1 | 4;
  format: ImageFormat;
}

/** Photos larger than this many megapixels are refused rather than exhausting memory. */
export const MAX_IMAGE_MEGAPIXELS = 100;
/** Memory jpeg-js may use while decoding, in MiB. */
const JPEG_MAX_MEMORY_MB = 1024;

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Which format the bytes are, by their signature (not the file name), or undefined. */
export function sniffImageFormat(bytes: Uint8Array): ImageFormat | undefined {
  if (PNG_SIGNATURE.every((b, i) => bytes[i] === b)) return 'png';
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  if (bytes[0] === 0x50 /* P */ && (bytes[1] === 0x32 || bytes[1] === 0x35) && bytes.length > 2 && /\s/.test(String.fromCharCode(bytes[2]!))) {
    return 'pgm';
  }
  return undefined;
}

function describeStart(bytes: Uint8Array): string {
  if (bytes.length === 0) return 'an empty file';
  const head = Array.from(bytes.subarray(0, 8), (b) => b.toString(16).padStart(2, '0')).join(' ');
  return `bytes ${head}`;
}

/**
 * Decodes a PNG (any bit depth, palette, grey or colour, with alpha), a baseline or progressive JPEG (turned
 * upright by its EXIF orientation, as photo viewers do), or a PGM (P2/P5) image of any size into 8-bit
 * pixels. The format is recognised from the first bytes.
 * @throws UnsupportedImageError when the bytes are none of these formats; CorruptImageError when they are
 * but cannot be decoded.
 */
export function decodeImage(bytes: Uint8Array, file = 'image'): DecodedImage {
  const format = sniffImageFormat(bytes);
  if (format === undefined) {
    throw new UnsupportedImageError(
      file,
      `${file}: expected a PNG, JPEG or PGM image, found ${describeStart(bytes)}. Convert it to PNG (e.g. export from an image editor) and try again.`,
    );
  }
  if (format === 'pgm') return { ...decodePgm(bytes, file), format };
  try {
    if (format === 'png') {
      const png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
      if (png.width * png.height > MAX_IMAGE_MEGAPIXELS * 1e6) throw new Error(`${png.width}x${png.height} is too large`);
      return { data: new Uint8Array(png.data.buffer, png.data.byteOffset, png.data.byteLength), width: png.width, height: png.height, channels: 4, format };
    }
    const image = jpeg.decode(bytes, {
      useTArray: true,
      formatAsRGBA: true,
      maxResolutionInMP: MAX_IMAGE_MEGAPIXELS,
      maxMemoryUsageInMB: JPEG_MAX_MEMORY_MB,
    });
    if (!(image.width > 0 && image.height > 0) || image.data.length < image.width * image.height * 4) {
      throw new Error(`decoded ${image.width}x${image.height} with ${image.data.length} bytes of pixels`);
    }
    const upright = applyOrientation({ data: new Uint8Array(image.data), width: image.width, height: image.height }, readJpegOrientation(bytes), 4);
    return { ...upright, channels: 4, format };
  } catch (error) {
    // The decoder's own words ("unexpected end of file", "Cannot read properties of undefined") say
    // nothing to a person; they stay in `cause` (shown with --verbose).
    throw new CorruptImageError(
      file,
      `${file}: looks like a ${format.toUpperCase()} but cannot be decoded: the file is truncated or damaged. Re-export or re-download it.`,
      { cause: error },
    );
  }
}
