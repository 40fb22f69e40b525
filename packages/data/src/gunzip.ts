import { Gunzip } from 'fflate';
import { crc32 } from './crc32';
import { GzipError } from './errors';

/** Gzip trailer: CRC-32 then input size mod 2^32, both little-endian. */
const GZIP_TRAILER_BYTES = 8;
const GZIP_MIN_BYTES = 18;

/** True when `bytes` starts with the gzip magic bytes 1f 8b. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * Inflates `bytes` when they are gzip (recognised by magic bytes), else returns them unchanged.
 * Pure JavaScript (fflate), so it runs in browsers. The CRC-32 and size in the gzip trailer are
 * checked, so a truncated or corrupted stream throws {@link GzipError} instead of returning garbage.
 */
export function gunzipIfNeeded(bytes: Uint8Array, fileName?: string): Uint8Array {
  if (!isGzip(bytes)) return bytes;
  if (bytes.length < GZIP_MIN_BYTES) throw new GzipError(`the stream is only ${bytes.length} bytes long`, fileName);
  const chunks: Uint8Array[] = [];
  let length = 0;
  try {
    const stream = new Gunzip((chunk) => {
      chunks.push(chunk);
      length += chunk.length;
    });
    stream.push(bytes, true);
  } catch (error) {
    throw new GzipError(error instanceof Error ? error.message : String(error), fileName, error);
  }
  const out = chunks.length === 1 ? chunks[0]! : concat(chunks, length);
  const trailer = new DataView(bytes.buffer, bytes.byteOffset + bytes.length - GZIP_TRAILER_BYTES, GZIP_TRAILER_BYTES);
  const expectedSize = trailer.getUint32(4, true);
  if (expectedSize !== out.length % 2 ** 32) {
    throw new GzipError(`the trailer records ${expectedSize} bytes but ${out.length} were inflated (truncated stream?)`, fileName);
  }
  const expectedCrc = trailer.getUint32(0, true);
  const actualCrc = crc32(out);
  if (expectedCrc !== actualCrc) {
    throw new GzipError(`CRC-32 ${hex(actualCrc)} does not match the trailer's ${hex(expectedCrc)}`, fileName);
  }
  return out;
}

function concat(chunks: Uint8Array[], length: number): Uint8Array {
  const out = new Uint8Array(length);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

function hex(n: number): string {
  return n.toString(16).padStart(8, '0');
}
