/** The explorer's bundled MNIST test digits (see scripts/extract-test-sample.mjs for the format). */
export interface TestSample {
  count: number;
  rows: number;
  cols: number;
  /** Index of each digit in the 10,000-image MNIST test set. */
  indices: Uint16Array;
  labels: Uint8Array;
  /** count x rows x cols bytes, ink 255 on black 0. */
  images: Uint8Array;
}

export const SAMPLE_MAGIC = 'MNS1';
export const SAMPLE_HEADER_BYTES = 16;
const GZIP_MAGIC = [0x1f, 0x8b] as const;

/** The sample asset is missing, truncated or not in the expected format. */
export class TestSampleFormatError extends Error {
  override name = 'TestSampleFormatError';
}

/** Decodes the uncompressed sample format. Copies nothing but the indices (big-endian on disk). */
export function parseTestSample(bytes: Uint8Array): TestSample {
  const hint = 'Rebuild the demo (pnpm --filter @mnist/demo build) to regenerate it.';
  if (bytes.byteLength < SAMPLE_HEADER_BYTES) {
    throw new TestSampleFormatError(
      `Expected a test sample of at least ${SAMPLE_HEADER_BYTES} bytes, found ${bytes.byteLength}. ${hint}`,
    );
  }
  const magic = String.fromCharCode(...bytes.subarray(0, 4));
  if (magic !== SAMPLE_MAGIC) {
    throw new TestSampleFormatError(`Expected a test sample starting with "${SAMPLE_MAGIC}", found "${magic}". ${hint}`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const count = view.getUint32(4);
  const rows = view.getUint32(8);
  const cols = view.getUint32(12);
  const expected = SAMPLE_HEADER_BYTES + count * 2 + count + count * rows * cols;
  if (bytes.byteLength !== expected) {
    throw new TestSampleFormatError(
      `Expected ${expected} bytes for ${count} digits of ${rows}x${cols}, found ${bytes.byteLength}. ${hint}`,
    );
  }
  const indices = new Uint16Array(count);
  for (let i = 0; i < count; i += 1) indices[i] = view.getUint16(SAMPLE_HEADER_BYTES + i * 2);
  const labelOffset = SAMPLE_HEADER_BYTES + count * 2;
  const labels = bytes.subarray(labelOffset, labelOffset + count);
  for (const label of labels) {
    if (label > 9) throw new TestSampleFormatError(`Expected labels 0 to 9, found ${label}. ${hint}`);
  }
  const images = bytes.subarray(labelOffset + count, expected);
  return { count, rows, cols, indices, labels, images };
}

/** True when `bytes` start with the gzip magic number. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes[0] === GZIP_MAGIC[0] && bytes[1] === GZIP_MAGIC[1];
}

async function gunzip(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/**
 * Fetches and decodes the sample. Accepts the asset gzipped (as built) or
 * already decompressed (a server that sent it with Content-Encoding: gzip).
 */
export async function loadTestSample(url: string | URL, fetchImpl: typeof fetch = fetch): Promise<TestSample> {
  const response = await fetchImpl(url);
  if (!response.ok) {
    throw new TestSampleFormatError(
      `Expected the MNIST test sample at ${String(url)}, got HTTP ${response.status}. Rebuild the demo so dist/ contains it.`,
    );
  }
  const raw = new Uint8Array(await response.arrayBuffer());
  return parseTestSample(isGzip(raw) ? await gunzip(raw) : raw);
}

/** The pixels of digit `i` (a view, not a copy). */
export function sampleImage(sample: TestSample, i: number): Uint8Array {
  const pixels = sample.rows * sample.cols;
  return sample.images.subarray(i * pixels, (i + 1) * pixels);
}
