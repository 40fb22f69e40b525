import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ChecksumError } from './errors';
import { sha256Hex, verifyChecksum } from './verify-checksum';

const bytes = new TextEncoder().encode('hello mnist');
const digest = createHash('sha256').update(bytes).digest('hex');

describe('verifyChecksum', () => {
  it('computes SHA-256 with SubtleCrypto', async () => {
    expect(await sha256Hex(bytes)).toBe(digest);
  });

  it('accepts matching bytes and files the table does not list', async () => {
    await expect(verifyChecksum(bytes, 'f', { sha256: { f: digest }, bytes: { f: bytes.length } })).resolves.toBeUndefined();
    await expect(verifyChecksum(bytes, 'other', { sha256: { f: digest } })).resolves.toBeUndefined();
  });

  it('throws ChecksumError with expected and actual digests', async () => {
    const changed = bytes.slice();
    changed[0] = 0;
    const error = await verifyChecksum(changed, 'f', { sha256: { f: digest } }).catch((e: Error) => e);
    expect(error).toBeInstanceOf(ChecksumError);
    expect((error as ChecksumError).actual).toBe(createHash('sha256').update(changed).digest('hex'));
    expect((error as Error).message).toMatch(new RegExp(`^f: expected SHA-256 ${digest} of the decompressed file, found [0-9a-f]{64}\\..*delete it`));
  });

  it('throws ChecksumError for a wrong size before hashing', async () => {
    let hashed = false;
    const error = await verifyChecksum(bytes.subarray(0, 3), 'f', { sha256: { f: digest }, bytes: { f: bytes.length } }, () => {
      hashed = true;
      return '';
    }).catch((e: Error) => e);
    expect(error).toBeInstanceOf(ChecksumError);
    expect((error as Error).message).toMatch(/found a file of 3 bytes\. The file is truncated/);
    expect(hashed).toBe(false);
  });
});
