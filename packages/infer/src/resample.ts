/** A rectangle in pixels: top-left corner and size. */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface AxisTaps {
  /** For output index o, taps are `index[start[o] .. start[o + 1])` with matching `weight`s. */
  start: Int32Array;
  index: Int32Array;
  weight: Float32Array;
}

/**
 * Resampling weights along one axis, mapping `[0, length)` onto `outLength` pixels (cached):
 * area averaging (exact fractional coverage) when shrinking or keeping the size, bilinear when
 * enlarging. Samples never reach outside the source span.
 */
export function axisTaps(length: number, outLength: number): AxisTaps {
  const key = length * 65_536 + outLength;
  let taps = tapCache.get(key);
  if (taps === undefined) {
    taps = computeAxisTaps(length, outLength);
    if (tapCache.size >= TAP_CACHE_SIZE) tapCache.clear();
    tapCache.set(key, taps);
  }
  return taps;
}

/** Taps are the same for every image of the same size; MNIST-sized work reuses a few dozen. */
const TAP_CACHE_SIZE = 512;
const tapCache = new Map<number, AxisTaps>();

function computeAxisTaps(length: number, outLength: number): AxisTaps {
  const scale = outLength / length;
  const starts: number[] = [0];
  const indices: number[] = [];
  const weights: number[] = [];
  for (let o = 0; o < outLength; o++) {
    if (scale <= 1) {
      const a = o / scale;
      const b = (o + 1) / scale;
      for (let i = Math.floor(a); i < Math.ceil(b) && i < length; i++) {
        const overlap = Math.min(b, i + 1) - Math.max(a, i);
        if (overlap > 0) {
          indices.push(i);
          weights.push(overlap * scale);
        }
      }
    } else {
      const c = Math.min(length - 1, Math.max(0, (o + 0.5) / scale - 0.5));
      const i0 = Math.floor(c);
      const t = c - i0;
      indices.push(i0);
      weights.push(1 - t);
      if (t > 0 && i0 + 1 < length) {
        indices.push(i0 + 1);
        weights.push(t);
      }
    }
    starts.push(indices.length);
  }
  return { start: Int32Array.from(starts), index: Int32Array.from(indices), weight: Float32Array.from(weights) };
}

/**
 * Resamples the `box` region of a single-channel image to `outWidth x outHeight`,
 * anti-aliased (area averaging when shrinking, bilinear when enlarging). Separable, O(pixels).
 */
export function resample(
  source: Float32Array,
  sourceWidth: number,
  box: Box,
  outWidth: number,
  outHeight: number,
): Float32Array {
  const xs = axisTaps(box.width, outWidth);
  const ys = axisTaps(box.height, outHeight);
  // Horizontal pass: box.height rows x outWidth columns.
  const rows = new Float32Array(box.height * outWidth);
  for (let r = 0; r < box.height; r++) {
    const rowOffset = (box.y + r) * sourceWidth + box.x;
    for (let o = 0; o < outWidth; o++) {
      let sum = 0;
      for (let k = xs.start[o]!; k < xs.start[o + 1]!; k++) sum += source[rowOffset + xs.index[k]!]! * xs.weight[k]!;
      rows[r * outWidth + o] = sum;
    }
  }
  // Vertical pass.
  const out = new Float32Array(outWidth * outHeight);
  for (let o = 0; o < outHeight; o++) {
    for (let k = ys.start[o]!; k < ys.start[o + 1]!; k++) {
      const rowOffset = ys.index[k]! * outWidth;
      const w = ys.weight[k]!;
      for (let c = 0; c < outWidth; c++) out[o * outWidth + c]! += rows[rowOffset + c]! * w;
    }
  }
  return out;
}
