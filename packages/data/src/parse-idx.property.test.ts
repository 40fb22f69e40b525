import fc from 'fast-check';
import { gzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { MnistDataError } from './errors';
import { encodeIdx, type IdxType, parseIdx } from './parse-idx';

const TYPES: IdxType[] = ['uint8', 'int8', 'int16', 'int32', 'float32', 'float64'];

/** parseIdx either returns a consistent result or throws one of its typed errors. */
function parseOrTypedError(bytes: Uint8Array): void {
  try {
    const result = parseIdx(bytes);
    const elements = result.shape.reduce((a, b) => a * b, 1);
    expect(result.data.length).toBe(elements);
  } catch (error) {
    if (!(error instanceof MnistDataError)) throw error;
  }
}

describe('parseIdx properties', () => {
  it('random bytes: returns or throws a typed error', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 256 }), (bytes) => parseOrTypedError(bytes)), { numRuns: 2000 });
  });

  it('random bytes behind a valid-looking header: returns or throws a typed error', () => {
    const header = fc.tuple(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 6 }), fc.array(fc.nat(), { maxLength: 6 }));
    fc.assert(
      fc.property(header, fc.uint8Array({ maxLength: 200 }), ([code, rank, dims], payload) => {
        const head = new Uint8Array(4 + 4 * rank);
        head[2] = code;
        head[3] = rank;
        const view = new DataView(head.buffer);
        for (let d = 0; d < rank; d++) view.setUint32(4 + 4 * d, (dims[d] ?? 1) % 9, false);
        const bytes = new Uint8Array(head.length + payload.length);
        bytes.set(head);
        bytes.set(payload, head.length);
        parseOrTypedError(bytes);
      }),
      { numRuns: 2000 },
    );
  });

  it('valid files round-trip; every mutation (flip, truncate, extend, gzip corruption) returns or throws a typed error', () => {
    const file = fc
      .record({
        type: fc.constantFrom(...TYPES),
        shape: fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 1, maxLength: 4 }),
        seed: fc.nat(),
      })
      .map(({ type, shape, seed }) => {
        const n = shape.reduce((a, b) => a * b, 1);
        const values = Array.from({ length: n }, (_, i) => ((seed + i * 37) % 100) - (type === 'uint8' ? 0 : 50));
        return { type, shape, values, bytes: encodeIdx(values, shape, type) };
      });
    fc.assert(
      fc.property(file, fc.nat(), fc.integer({ min: 0, max: 255 }), fc.boolean(), ({ type, shape, values, bytes }, at, value, gz) => {
        const parsed = parseIdx(bytes);
        expect(parsed.type).toBe(type);
        expect(parsed.shape).toEqual(shape);
        expect(Array.from(parsed.data)).toEqual(values);

        const input = gz ? gzipSync(bytes) : bytes;
        const flipped = input.slice();
        flipped[at % flipped.length] = value;
        parseOrTypedError(flipped);
        parseOrTypedError(input.subarray(0, at % input.length));
        const extended = new Uint8Array(input.length + 1 + (at % 7));
        extended.set(input);
        parseOrTypedError(extended);
      }),
      { numRuns: 1000 },
    );
  });
});
