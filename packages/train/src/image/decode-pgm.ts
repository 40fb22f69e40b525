import { CorruptImageError } from './image-errors.js';

/** Largest sample value a PGM header may declare (16-bit samples). */
const PGM_MAX_MAXVAL = 65_535;
/** 8-bit output range. */
const MAX_BYTE = 255;

/** A decoded grey image: one byte per pixel, 0 = black, 255 = white. */
export interface GrayBytes {
  data: Uint8Array;
  width: number;
  height: number;
  channels: 1;
}

function isSpace(byte: number): boolean {
  return byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d || byte === 0x0b || byte === 0x0c;
}

/**
 * Decodes a Netpbm grey map: `P5` (binary, 8- or 16-bit big-endian samples) or `P2` (ASCII), with `#`
 * comments in the header. Samples are rescaled from 0..maxval to 0..255.
 * @throws CorruptImageError when the header is malformed or the pixel data is short or out of range.
 */
export function decodePgm(bytes: Uint8Array, file = 'image.pgm'): GrayBytes {
  const magic = String.fromCharCode(bytes[0] ?? 0, bytes[1] ?? 0);
  if (magic !== 'P2' && magic !== 'P5') {
    throw new CorruptImageError(file, `${file}: expected a PGM header "P2" or "P5", found ${JSON.stringify(magic)}.`);
  }
  let pos = 2;
  const token = (what: string): number => {
    for (;;) {
      while (pos < bytes.length && isSpace(bytes[pos]!)) pos++;
      if (bytes[pos] !== 0x23 /* # */) break;
      while (pos < bytes.length && bytes[pos] !== 0x0a && bytes[pos] !== 0x0d) pos++;
    }
    const start = pos;
    while (pos < bytes.length && bytes[pos]! >= 0x30 && bytes[pos]! <= 0x39) pos++;
    if (pos === start) {
      throw new CorruptImageError(file, `${file}: expected the ${what} (a decimal number) in the PGM data, found none. The file is truncated or damaged; re-export it.`);
    }
    return Number(new TextDecoder().decode(bytes.subarray(start, pos)));
  };
  const width = token('width');
  const height = token('height');
  const maxval = token('maximum grey value');
  if (width < 1 || height < 1 || maxval < 1 || maxval > PGM_MAX_MAXVAL) {
    throw new CorruptImageError(
      file,
      `${file}: expected a PGM size of at least 1x1 and a maximum grey value in 1..${PGM_MAX_MAXVAL}, found ${width}x${height}, maximum ${maxval}. Re-export the image.`,
    );
  }
  const count = width * height;
  const data = new Uint8Array(count);
  const scale = MAX_BYTE / maxval;
  if (magic === 'P5') {
    pos++; // exactly one whitespace byte after maxval
    const bytesPerSample = maxval > MAX_BYTE ? 2 : 1;
    const needed = count * bytesPerSample;
    if (bytes.length - pos < needed) {
      throw new CorruptImageError(
        file,
        `${file}: expected ${needed} bytes of pixels for ${width}x${height}, found ${Math.max(0, bytes.length - pos)}. The file is truncated; re-export it.`,
      );
    }
    for (let i = 0; i < count; i++) {
      const v = bytesPerSample === 2 ? (bytes[pos + 2 * i]! << 8) | bytes[pos + 2 * i + 1]! : bytes[pos + i]!;
      data[i] = Math.round(Math.min(v, maxval) * scale);
    }
  } else {
    for (let i = 0; i < count; i++) {
      const v = token(`pixel ${i + 1} of ${count}`);
      if (v > maxval) {
        throw new CorruptImageError(file, `${file}: pixel ${i + 1} is ${v}, above the declared maximum ${maxval}. Fix the header or the data.`);
      }
      data[i] = Math.round(v * scale);
    }
  }
  return { data, width, height, channels: 1 };
}
