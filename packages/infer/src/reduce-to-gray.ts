import { type AxisTaps, axisTaps } from './resample.js';

/** Rec. 601 luma weights (the ones most image tools use for "grayscale"). */
export const LUMA_RED = 0.299;
export const LUMA_GREEN = 0.587;
export const LUMA_BLUE = 0.114;

/** A reduced single-channel image in [0, 1], and how many of its pixels one input pixel makes. */
export interface ReducedGray {
  data: Float32Array;
  width: number;
  height: number;
  /** Output pixels per input pixel (< 1). */
  scale: number;
}

/**
 * Grayscale conversion and area-averaging downscale in one pass over interleaved pixels, for
 * large inputs (a 4K photo): no full-size gray copy is made. Each source row is converted once
 * into a row buffer, reduced horizontally, and added into the output rows it overlaps.
 *
 * `data` holds 0..255 bytes (`valueScale` 1/255) or [0, 1] floats (`valueScale` 1, clamped).
 * RGBA is composited over a backdrop that contrasts with its opaque pixels, exactly as the
 * full-size path does (compositing is linear, so it commutes with area averaging).
 */
export function reduceToGray(
  data: Uint8Array | Float32Array,
  width: number,
  height: number,
  channels: number,
  maxSidePx: number,
  valueScale: number,
): ReducedGray {
  const scale = maxSidePx / Math.max(width, height);
  const outWidth = Math.max(1, Math.round(width * scale));
  const outHeight = Math.max(1, Math.round(height * scale));
  const xs = axisTaps(width, outWidth);
  const ys = axisTaps(height, outHeight);
  // For each source row, the output rows it feeds and with what weight (inverse of `ys`).
  const rowTapStart = new Int32Array(height + 1);
  for (let k = 0; k < ys.index.length; k++) rowTapStart[ys.index[k]! + 1]!++;
  for (let y = 0; y < height; y++) rowTapStart[y + 1]! += rowTapStart[y]!;
  const rowTapOut = new Int32Array(ys.index.length);
  const rowTapWeight = new Float32Array(ys.index.length);
  const fill = rowTapStart.slice(0, height);
  for (let o = 0; o < outHeight; o++) {
    for (let k = ys.start[o]!; k < ys.start[o + 1]!; k++) {
      const at = fill[ys.index[k]!]!++;
      rowTapOut[at] = o;
      rowTapWeight[at] = ys.weight[k]!;
    }
  }

  // Fully opaque RGBA (photos, most canvases) needs no compositing: read it as RGB with a stride of 4.
  const hasAlpha = channels === 4 && !(data instanceof Uint8Array && isOpaque(data));
  const rowGray = new Float32Array(width);
  const rowAlpha = new Float32Array(hasAlpha ? width : 0);
  const reducedGray = new Float32Array(outWidth);
  const reducedAlpha = new Float32Array(hasAlpha ? outWidth : 0);
  const out = new Float32Array(outWidth * outHeight);
  const outAlpha = new Float32Array(hasAlpha ? outWidth * outHeight : 0);
  const stats: AlphaStats = { translucent: false, opaqueSum: 0, opaqueCount: 0 };
  const rowLength = width * channels;

  for (let y = 0; y < height; y++) {
    // 1. Gray (premultiplied by alpha for RGBA) of one source row; one monomorphic loop per case.
    const row = data.subarray(y * rowLength, (y + 1) * rowLength);
    if (data instanceof Float32Array) floatRow(row as Float32Array, channels, rowGray, rowAlpha, stats);
    else if (channels === 1) grayByteRow(row as Uint8Array, rowGray, valueScale);
    else if (!hasAlpha) rgbByteRow(row as Uint8Array, rowGray, valueScale, channels);
    else rgbaByteRow(row as Uint8Array, rowGray, rowAlpha, valueScale, stats);
    // 2. Horizontal reduction, 3. added into the output rows this source row overlaps.
    reduceRow(rowGray, xs, reducedGray);
    if (hasAlpha) reduceRow(rowAlpha, xs, reducedAlpha);
    for (let k = rowTapStart[y]!; k < rowTapStart[y + 1]!; k++) {
      const offset = rowTapOut[k]! * outWidth;
      const w = rowTapWeight[k]!;
      for (let c = 0; c < outWidth; c++) out[offset + c]! += reducedGray[c]! * w;
      if (hasAlpha) for (let c = 0; c < outWidth; c++) outAlpha[offset + c]! += reducedAlpha[c]! * w;
    }
  }
  const { translucent, opaqueSum, opaqueCount } = stats;

  if (hasAlpha && translucent) {
    const backdrop = opaqueCount > 0 && opaqueSum / opaqueCount < 0.5 ? 1 : 0;
    for (let i = 0; i < out.length; i++) out[i] = out[i]! + (1 - outAlpha[i]!) * backdrop;
  }
  return { data: out, width: outWidth, height: outHeight, scale };
}

interface AlphaStats {
  translucent: boolean;
  opaqueSum: number;
  opaqueCount: number;
}

function reduceRow(row: Float32Array, xs: AxisTaps, out: Float32Array): void {
  const { start, index, weight } = xs;
  for (let o = 0; o < out.length; o++) {
    let sum = 0;
    for (let k = start[o]!; k < start[o + 1]!; k++) sum += row[index[k]!]! * weight[k]!;
    out[o] = sum;
  }
}

function grayByteRow(row: Uint8Array, gray: Float32Array, scale: number): void {
  for (let x = 0; x < gray.length; x++) gray[x] = row[x]! * scale;
}

/** Maximum 8-bit alpha (fully opaque). */
const OPAQUE_BYTE = 255;

function isOpaque(rgba: Uint8Array): boolean {
  for (let i = 3; i < rgba.length; i += 4) if (rgba[i] !== OPAQUE_BYTE) return false;
  return true;
}

/** RGB, or RGBA read as RGB (`stride` 4) when every pixel is opaque. */
function rgbByteRow(row: Uint8Array, gray: Float32Array, scale: number, stride: number): void {
  const r = LUMA_RED * scale;
  const g = LUMA_GREEN * scale;
  const b = LUMA_BLUE * scale;
  for (let x = 0, j = 0; x < gray.length; x++, j += stride) gray[x] = r * row[j]! + g * row[j + 1]! + b * row[j + 2]!;
}

function rgbaByteRow(row: Uint8Array, gray: Float32Array, alpha: Float32Array, scale: number, stats: AlphaStats): void {
  const r = LUMA_RED * scale;
  const g = LUMA_GREEN * scale;
  const b = LUMA_BLUE * scale;
  let opaqueSum = 0;
  let opaqueCount = 0;
  let translucent = false;
  for (let x = 0, j = 0; x < gray.length; x++, j += 4) {
    const v = r * row[j]! + g * row[j + 1]! + b * row[j + 2]!;
    const a = row[j + 3]! * scale;
    if (a < 1) translucent = true;
    if (a >= 0.5) {
      opaqueSum += v;
      opaqueCount++;
    }
    alpha[x] = a;
    gray[x] = v * a;
  }
  stats.opaqueSum += opaqueSum;
  stats.opaqueCount += opaqueCount;
  if (translucent) stats.translucent = true;
}

/** Floats in [0, 1] (already range-checked), any channel count; gray is clamped like the full-size path. */
function floatRow(row: Float32Array, channels: number, gray: Float32Array, alpha: Float32Array, stats: AlphaStats): void {
  for (let x = 0, j = 0; x < gray.length; x++, j += channels) {
    let v = channels === 1 ? row[j]! : LUMA_RED * row[j]! + LUMA_GREEN * row[j + 1]! + LUMA_BLUE * row[j + 2]!;
    v = Math.min(1, Math.max(0, v));
    if (channels === 4) {
      const a = row[j + 3]!;
      if (a < 1) stats.translucent = true;
      if (a >= 0.5) {
        stats.opaqueSum += v;
        stats.opaqueCount++;
      }
      alpha[x] = a;
      v *= a;
    }
    gray[x] = v;
  }
}
