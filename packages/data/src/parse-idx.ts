import { IdxMagicError, IdxSizeError, IdxTypeError, InvalidOptionError } from './errors';
import { gunzipIfNeeded } from './gunzip';

export type IdxType = 'uint8' | 'int8' | 'int16' | 'int32' | 'float32' | 'float64';
export type TypedArray = Uint8Array | Int8Array | Int16Array | Int32Array | Float32Array | Float64Array;

export interface IdxResult {
  /** Elements in row-major order, decoded from big-endian. */
  data: TypedArray;
  /** One entry per dimension, outermost first. */
  shape: number[];
  type: IdxType;
}

/** IDX element types: type code (third header byte) and bytes per element. */
export const IDX_TYPES: Readonly<Record<IdxType, { code: number; bytesPerElement: number }>> = {
  uint8: { code: 0x08, bytesPerElement: 1 },
  int8: { code: 0x09, bytesPerElement: 1 },
  int16: { code: 0x0b, bytesPerElement: 2 },
  int32: { code: 0x0c, bytesPerElement: 4 },
  float32: { code: 0x0d, bytesPerElement: 4 },
  float64: { code: 0x0e, bytesPerElement: 8 },
};

const TYPE_BY_CODE = new Map<number, { type: IdxType; bytesPerElement: number }>(
  (Object.keys(IDX_TYPES) as IdxType[]).map((type) => [IDX_TYPES[type].code, { type, bytesPerElement: IDX_TYPES[type].bytesPerElement }]),
);

const MAGIC_BYTES = 4;
const BYTES_PER_DIMENSION = 4;

/**
 * Parses an IDX file (the MNIST format): any type code, any number of dimensions, big-endian.
 * Gzip input (magic bytes 1f 8b) is inflated first. Unsigned and signed byte payloads are
 * returned as views of the input (no copy); wider types are decoded into new arrays.
 *
 * Throws {@link IdxMagicError}, {@link IdxTypeError}, {@link IdxSizeError} or `GzipError`.
 */
export function parseIdx(input: Uint8Array, options: { fileName?: string } = {}): IdxResult {
  const { fileName } = options;
  const bytes = gunzipIfNeeded(input, fileName);
  if (bytes.length < MAGIC_BYTES) {
    if (bytes.length >= 1 && bytes[0] !== 0) throw new IdxMagicError(bytes.subarray(0, 4), fileName);
    if (bytes.length >= 2 && bytes[1] !== 0) throw new IdxMagicError(bytes.subarray(0, 4), fileName);
    throw new IdxSizeError(MAGIC_BYTES, bytes.length, fileName, 'header bytes at least');
  }
  if (bytes[0] !== 0 || bytes[1] !== 0) throw new IdxMagicError(bytes.subarray(0, 4), fileName);
  const typeCode = bytes[2]!;
  const typeInfo = TYPE_BY_CODE.get(typeCode);
  if (!typeInfo) throw new IdxTypeError(typeCode, fileName);
  const rank = bytes[3]!;
  const headerBytes = MAGIC_BYTES + BYTES_PER_DIMENSION * rank;
  if (bytes.length < headerBytes) throw new IdxSizeError(headerBytes, bytes.length, fileName, 'header bytes');

  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const shape: number[] = [];
  let elements = 1;
  for (let d = 0; d < rank; d++) {
    const size = view.getUint32(MAGIC_BYTES + BYTES_PER_DIMENSION * d, false);
    shape.push(size);
    elements *= size;
  }
  const payloadBytes = elements * typeInfo.bytesPerElement;
  const actualPayload = bytes.length - headerBytes;
  if (payloadBytes !== actualPayload) {
    throw new IdxSizeError(headerBytes + payloadBytes, bytes.length, fileName);
  }
  const offset = bytes.byteOffset + headerBytes;
  return { data: decode(typeInfo.type, bytes.buffer, offset, elements, view, headerBytes), shape, type: typeInfo.type };
}

function decode(type: IdxType, buffer: ArrayBufferLike, offset: number, n: number, view: DataView, start: number): TypedArray {
  switch (type) {
    case 'uint8':
      return new Uint8Array(buffer, offset, n);
    case 'int8':
      return new Int8Array(buffer, offset, n);
    case 'int16': {
      const out = new Int16Array(n);
      for (let i = 0; i < n; i++) out[i] = view.getInt16(start + 2 * i, false);
      return out;
    }
    case 'int32': {
      const out = new Int32Array(n);
      for (let i = 0; i < n; i++) out[i] = view.getInt32(start + 4 * i, false);
      return out;
    }
    case 'float32': {
      const out = new Float32Array(n);
      for (let i = 0; i < n; i++) out[i] = view.getFloat32(start + 4 * i, false);
      return out;
    }
    case 'float64': {
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) out[i] = view.getFloat64(start + 8 * i, false);
      return out;
    }
  }
}

/**
 * Encodes an array as an IDX file (the inverse of {@link parseIdx}). Useful for writing
 * fixtures and for exporting augmented data in the standard format.
 */
export function encodeIdx(data: ArrayLike<number>, shape: number[], type: IdxType = 'uint8'): Uint8Array {
  const elements = shape.reduce((a, b) => a * b, 1);
  if (elements !== data.length) {
    throw new InvalidOptionError('encodeIdx data', `${elements} elements for shape [${shape.join(', ')}]`, `${data.length} elements`);
  }
  const { code, bytesPerElement: size } = IDX_TYPES[type];
  const header = MAGIC_BYTES + BYTES_PER_DIMENSION * shape.length;
  const out = new Uint8Array(header + data.length * size);
  const view = new DataView(out.buffer);
  out[2] = code;
  out[3] = shape.length;
  for (let d = 0; d < shape.length; d++) view.setUint32(MAGIC_BYTES + BYTES_PER_DIMENSION * d, shape[d]!, false);
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    const at = header + i * size;
    if (type === 'uint8') view.setUint8(at, v);
    else if (type === 'int8') view.setInt8(at, v);
    else if (type === 'int16') view.setInt16(at, v, false);
    else if (type === 'int32') view.setInt32(at, v, false);
    else if (type === 'float32') view.setFloat32(at, v, false);
    else view.setFloat64(at, v, false);
  }
  return out;
}
