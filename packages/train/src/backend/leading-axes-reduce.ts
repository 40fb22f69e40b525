import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { wasmPointer, wasmSimdKernels } from './simd/wasm-simd-kernels.js';
import { disposeWasmTensor, heapView } from './wasm-kernel-call.js';

/** Rows summed per pass of {@link reduceLeadingAxes}. */
const ROWS_PER_PASS = 8;

/**
 * If `axes` are exactly the leading axes of `shape` (in any order), the shape of the reduced
 * result and the row count/length to reduce over; otherwise `undefined`.
 */
export function leadingAxesLayout(
  shape: number[],
  axis: number | number[],
  keepDims: boolean,
): { outShape: number[]; rows: number; inner: number } | undefined {
  const axes = tf.util.parseAxisParam(axis, shape).sort((p, q) => p - q);
  if (axes.length === 0 || axes.length >= shape.length || !axes.every((a, i) => a === i)) return undefined;
  const keptShape = shape.slice(axes.length);
  return {
    outShape: keepDims ? [...axes.map(() => 1), ...keptShape] : keptShape,
    rows: tf.util.sizeFromShape(shape.slice(0, axes.length)),
    inner: tf.util.sizeFromShape(keptShape),
  };
}

/**
 * Sums a float32 wasm tensor over its leading axes (one pass over the rows, float64
 * accumulators like the `cpu` backend) and multiplies by `scale`. This is the reduction of
 * every bias gradient and of batch-norm statistics; the 4.22 kernels transpose the reduced
 * axes to the end first. Rows whose length is a multiple of 4 are summed by a WebAssembly
 * SIMD loop that adds in the same order, so both paths give identical results.
 */
export function reduceLeadingAxes(
  backend: BackendWasm,
  x: tf.TensorInfo,
  layout: { outShape: number[]; rows: number; inner: number },
  scale: number,
): tf.TensorInfo {
  const out = backend.makeOutput(layout.outShape, 'float32');
  const { rows, inner } = layout;
  const simd = inner > 0 && inner % 4 === 0 ? wasmSimdKernels(backend) : undefined;
  if (simd !== undefined) {
    // Float64 scratch for the running sums: `inner` doubles in a float32 tensor of twice the
    // length (wasm loads need no alignment; the backend's malloc gives 8 bytes or more anyway).
    const scratch = backend.makeOutput([2 * inner], 'float32');
    simd.sumLeadingAxes(
      wasmPointer(backend, x),
      rows,
      inner,
      wasmPointer(backend, scratch),
      wasmPointer(backend, out),
      scale,
    );
    disposeWasmTensor(backend, scratch);
    return out;
  }
  const src = heapView(backend, x);
  const dst = heapView(backend, out);
  const acc = new Float64Array(inner);
  // Eight rows per pass: the partial sums stay in registers (doubles), so `acc` is read and
  // written once per eight elements; about 3x faster than one row at a time.
  const i2 = 2 * inner;
  const i3 = 3 * inner;
  const i4 = 4 * inner;
  const i5 = 5 * inner;
  const i6 = 6 * inner;
  const i7 = 7 * inner;
  let r = 0;
  let offset = 0;
  for (; r + ROWS_PER_PASS <= rows; r += ROWS_PER_PASS, offset += ROWS_PER_PASS * inner) {
    for (let i = 0; i < inner; i++) {
      const p = offset + i;
      acc[i]! +=
        src[p]! + src[p + inner]! + (src[p + i2]! + src[p + i3]!) + (src[p + i4]! + src[p + i5]! + (src[p + i6]! + src[p + i7]!));
    }
  }
  for (; r < rows; r++, offset += inner) {
    for (let i = 0; i < inner; i++) acc[i]! += src[offset + i]!;
  }
  for (let i = 0; i < inner; i++) dst[i] = acc[i]! * scale;
  return out;
}
