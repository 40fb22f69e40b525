import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { KernelArgs } from './original-wasm-kernels.js';
import { wasmPointer, wasmSimdKernels } from './simd/wasm-simd-kernels.js';
import { heapView, WASM_BACKEND_NAME } from './wasm-kernel-call.js';

/**
 * `MaxPoolGrad` for the wasm backend as one pass over the pooling windows, written straight
 * into wasm memory: each window's gradient goes to the first position holding its maximum
 * (the tie rule of the `cpu` backend). The 4.22 wasm kernel visits every input pixel and
 * searches all windows that cover it; this visits every window once, channels innermost.
 * The common 2x2 stride-2 case runs as a WebAssembly SIMD loop (four channels at a time,
 * about 3x faster than the JavaScript loop, same results) when the channels are a multiple
 * of 4.
 */
export function maxPoolGradWasm(args: KernelArgs): tf.TensorInfo {
  const backend = args.backend as BackendWasm;
  const { dy, input, output } = args.inputs as { dy: tf.TensorInfo; input: tf.TensorInfo; output?: tf.TensorInfo };
  const attrs = (args.attrs ?? {}) as unknown as tf.MaxPoolGradAttrs;
  const info = tf.backend_util.computePool2DInfo(
    input.shape as [number, number, number, number],
    attrs.filterSize,
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
  );
  const { batchSize, inHeight, inWidth, inChannels: channels, outHeight, outWidth, strideHeight, strideWidth } = info;
  const filterHeight = info.effectiveFilterHeight;
  const filterWidth = info.effectiveFilterWidth;
  const padTop = info.padInfo.top;
  const padLeft = info.padInfo.left;

  const dxInfo = backend.makeOutput(input.shape, 'float32');
  const x = heapView(backend, input);
  const g = heapView(backend, dy);
  const dx = heapView(backend, dxInfo);
  if (
    filterHeight === 2 &&
    filterWidth === 2 &&
    strideHeight === 2 &&
    strideWidth === 2 &&
    padTop === 0 &&
    padLeft === 0 &&
    outHeight * 2 <= inHeight &&
    outWidth * 2 <= inWidth &&
    output?.shape.every((d, i) => d === dy.shape[i])
  ) {
    // Rows/columns past the last window (odd sizes) get no gradient.
    if (outHeight * 2 < inHeight || outWidth * 2 < inWidth) dx.fill(0);
    const simd = channels % 4 === 0 ? wasmSimdKernels(backend) : undefined;
    const undecided = simd?.maxPoolGrad2x2(
      wasmPointer(backend, input),
      wasmPointer(backend, output),
      wasmPointer(backend, dy),
      wasmPointer(backend, dxInfo),
      batchSize,
      inHeight,
      inWidth,
      channels,
      outHeight,
      outWidth,
    );
    // Without SIMD, or when a window needs the comparing rule (NaN, -Infinity, a dy that is
    // not finite), the JavaScript loop computes every window.
    if (undecided !== 0) {
      maxPoolGrad2x2(x, heapView(backend, output), g, dx, batchSize, inHeight, inWidth, channels, outHeight, outWidth);
    }
    return dxInfo;
  }
  dx.fill(0);
  const best = new Float32Array(channels);
  const where = new Int32Array(channels);
  const rowStride = inWidth * channels;
  for (let n = 0; n < batchSize; n++) {
    const xBatch = n * inHeight * rowStride;
    for (let oh = 0; oh < outHeight; oh++) {
      const rowStart = oh * strideHeight - padTop;
      const rowFrom = Math.max(0, rowStart);
      const rowTo = Math.min(inHeight, rowStart + filterHeight);
      for (let ow = 0; ow < outWidth; ow++) {
        const colStart = ow * strideWidth - padLeft;
        const colFrom = Math.max(0, colStart);
        const colTo = Math.min(inWidth, colStart + filterWidth);
        best.fill(Number.NEGATIVE_INFINITY);
        where.fill(-1);
        for (let r = rowFrom; r < rowTo; r++) {
          for (let col = colFrom; col < colTo; col++) {
            const base = xBatch + r * rowStride + col * channels;
            for (let c = 0; c < channels; c++) {
              const v = x[base + c]!;
              if (v > best[c]!) {
                best[c] = v;
                where[c] = base + c;
              }
            }
          }
        }
        const gBase = ((n * outHeight + oh) * outWidth + ow) * channels;
        for (let c = 0; c < channels; c++) {
          const at = where[c]!;
          if (at >= 0) dx[at] = dx[at]! + g[gBase + c]!;
        }
      }
    }
  }
  return dxInfo;
}

/**
 * The common 2x2 window, stride 2, no padding: windows do not overlap and always lie inside
 * the input. Branch-free (about 3x faster than comparing as it goes, whose branches the CPU
 * cannot predict): the forward output `y` is the window's maximum, so the first position
 * equal to it takes dy and the other three get 0, written without a prior fill. Windows whose
 * maximum is NaN or -Infinity, whose dy is not finite, or where no position equals `y` (an
 * inconsistent `output`) take the comparing path, which follows the `cpu` backend exactly.
 */
function maxPoolGrad2x2(
  x: Float32Array,
  y: Float32Array,
  g: Float32Array,
  dx: Float32Array,
  batchSize: number,
  inHeight: number,
  inWidth: number,
  channels: number,
  outHeight: number,
  outWidth: number,
): void {
  const rowStride = inWidth * channels;
  let gi = 0;
  for (let n = 0; n < batchSize; n++) {
    for (let oh = 0; oh < outHeight; oh++) {
      const rowBase = (n * inHeight + oh * 2) * rowStride;
      for (let ow = 0; ow < outWidth; ow++) {
        const q00 = rowBase + ow * 2 * channels;
        const q01 = q00 + channels;
        const q10 = q00 + rowStride;
        const q11 = q10 + channels;
        for (let c = 0; c < channels; c++, gi++) {
          const m = y[gi]!;
          const gv = g[gi]!;
          const e00 = +(x[q00 + c] === m);
          const e01 = +(x[q01 + c] === m) & (1 - e00);
          const e10 = +(x[q10 + c] === m) & (1 - e00 - e01);
          const e11 = +(x[q11 + c] === m) & (1 - e00 - e01 - e10);
          if (e00 + e01 + e10 + e11 === 1 && m !== Number.NEGATIVE_INFINITY && gv - gv === 0) {
            // `+ 0` turns the -0 of a negative dy times 0 into the +0 the cpu backend writes.
            dx[q00 + c] = gv * e00 + 0;
            dx[q01 + c] = gv * e01 + 0;
            dx[q10 + c] = gv * e10 + 0;
            dx[q11 + c] = gv * e11 + 0;
          } else {
            // First position holding the maximum, in row-major window order; NaN never wins.
            let at = -1;
            let best = Number.NEGATIVE_INFINITY;
            for (const q of [q00 + c, q01 + c, q10 + c, q11 + c]) {
              dx[q] = 0;
              if (x[q]! > best) {
                best = x[q]!;
                at = q;
              }
            }
            if (at >= 0) dx[at] = gv;
          }
        }
      }
    }
  }
}

/** Kernel registration for {@link maxPoolGradWasm}. */
export const maxPoolGradWasmConfig: tf.KernelConfig = {
  kernelName: tf.MaxPoolGrad,
  backendName: WASM_BACKEND_NAME,
  kernelFunc: maxPoolGradWasm as unknown as tf.KernelFunc,
};
