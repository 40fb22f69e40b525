import type { DatasetInfo } from './datasets';
import { ChecksumError } from './errors';

/** SHA-256 of `bytes` as lower-case hex, with the Web Crypto API (browsers, Node 20+, Deno, Bun). */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) {
    throw new ChecksumError('(any file)', 'a Web Crypto implementation (crypto.subtle)', 'none', 'SubtleCrypto is only available in secure contexts (https or localhost): serve the page over https, or pass verify: false.');
  }
  const digest = await subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return toHex(new Uint8Array(digest));
}

export function toHex(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i++) out += bytes[i]!.toString(16).padStart(2, '0');
  return out;
}

/**
 * Checks decompressed bytes against the dataset's table: size first (cheap), then SHA-256.
 * Files the table does not list are not checked. Throws {@link ChecksumError}.
 */
export async function verifyChecksum(
  bytes: Uint8Array,
  fileName: string,
  info: Pick<DatasetInfo, 'sha256' | 'bytes'>,
  hash: (bytes: Uint8Array) => Promise<string> | string = sha256Hex,
): Promise<void> {
  const expectedSize = info.bytes?.[fileName];
  const expected = info.sha256[fileName];
  if (expectedSize !== undefined && bytes.length !== expectedSize) {
    throw new ChecksumError(
      fileName,
      `${expected ?? '(any)'} (${expectedSize} bytes)`,
      `a file of ${bytes.length} bytes`,
      bytes.length < expectedSize
        ? 'The file is truncated (an interrupted download?): delete it and fetch it again.'
        : undefined,
    );
  }
  if (expected === undefined) return;
  const actual = await hash(bytes);
  if (actual !== expected.toLowerCase()) throw new ChecksumError(fileName, expected, actual);
}
