import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import type { DatasetInfo } from '../datasets';
import { GzipError } from '../errors';
import { isGzip } from '../gunzip';
import { verifyChecksum } from '../verify-checksum';

const gunzipAsync = promisify(gunzip);

/** SHA-256 hex with node:crypto. */
export function sha256Node(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Inflates gzip bytes with Node's zlib (faster than the pure-JS path); other bytes pass through. */
export async function gunzipNode(bytes: Uint8Array, fileName: string): Promise<Uint8Array> {
  if (!isGzip(bytes)) return bytes;
  try {
    const out = await gunzipAsync(bytes);
    return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  } catch (error) {
    throw new GzipError(error instanceof Error ? error.message : String(error), fileName, error);
  }
}

/** Files verified in this process, keyed by path, size, mtime and expected digest. */
const verified = new Set<string>();

/** Forget which files were verified in this process (for tests). */
export function clearVerificationCache(): void {
  verified.clear();
}

/**
 * Reads a dataset file (raw or .gz), inflates it, and verifies the decompressed bytes against
 * `info` unless `verify` is false. A file that verified earlier in this process with the
 * same size and modification time is not hashed again.
 */
export async function readVerifiedFile(
  path: string,
  fileName: string,
  info: Pick<DatasetInfo, 'sha256' | 'bytes'>,
  verify = true,
): Promise<Uint8Array> {
  const [raw, stats] = await Promise.all([readFile(path), stat(path)]);
  const bytes = await gunzipNode(new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength), path);
  if (!verify) return bytes;
  const key = `${path}\0${stats.size}\0${stats.mtimeMs}\0${info.sha256[fileName] ?? ''}`;
  if (verified.has(key)) return bytes;
  await verifyChecksum(bytes, fileName, info, sha256Node);
  verified.add(key);
  return bytes;
}
