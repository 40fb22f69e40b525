import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { type WasmSimdKernels, wasmPointer, wasmSimdKernels } from './simd/wasm-simd-kernels.js';
import { disposeWasmTensor, heapView, runWasmKernel, WASM_BACKEND_NAME } from './wasm-kernel-call.js';

/**
 * `Conv2DBackpropFilter` for the wasm backend, computed as one forward convolution whose
 * reduction runs over the batch, so that it executes on the backend's XNNPACK convolution.
 *
 *   dW[kh, kw, c, f] = sum over n, oh, ow of x[n, oh*s + kh - padTop, ow*s + kw - padLeft, c] * dy[n, oh, ow, f]
 *
 * Treat the input channels `c` as a batch, the batch `n` as input channels and `dy` as a filter
 * whose taps are `s` pixels apart: x' = x as [C, H, W, N], filter' = dy as [OH, OW, N, F],
 * conv2d(x', filter', strides 1, dilations s, explicit padding) is [C, KH, KW, F]; transpose it
 * to [KH, KW, C, F].
 *
 * When a patch (KH * KW * C) is smaller than F, as in a first layer on 1-channel images, that
 * convolution has only C images and a huge filter, which XNNPACK runs poorly (2-4x slower);
 * the patches are then gathered (im2col, P = N * OH * OW) and the gradient is one XNNPACK
 * matrix product dy^T [F, P] x patches [P, KH * KW * C], transposed to [KH, KW, C, F].
 */
export function conv2DBackpropFilterWasm(args: {
  inputs: tf.NamedTensorInfoMap;
  backend: unknown;
  attrs?: tf.NamedAttrMap;
}): tf.TensorInfo {
  const backend = args.backend as BackendWasm;
  const { x, dy } = args.inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
  const attrs = (args.attrs ?? {}) as unknown as tf.Conv2DBackpropFilterAttrs;
  const dataFormat = tf.backend_util.convertConv2DDataFormat(attrs.dataFormat);
  const convInfo = tf.backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    attrs.filterShape,
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
    false,
    dataFormat,
  );
  const {
    batchSize,
    inHeight,
    inWidth,
    inChannels,
    outHeight,
    outWidth,
    outChannels,
    filterHeight,
    filterWidth,
    strideHeight,
    strideWidth,
  } = convInfo;
  const channelsLast = convInfo.dataFormat === 'channelsLast';
  const padTop = convInfo.padInfo.top;
  const padLeft = convInfo.padInfo.left;
  const shape: FilterGradShape = {
    batchSize,
    inHeight,
    inWidth,
    inChannels,
    outHeight,
    outWidth,
    outChannels,
    filterHeight,
    filterWidth,
    strideHeight,
    strideWidth,
    padTop,
    padLeft,
    channelsLast,
  };
  const patchLength = filterHeight * filterWidth * inChannels;
  if (channelsLast && inChannels === 1 && outChannels % 16 === 0) {
    const simd = wasmSimdKernels(backend);
    if (simd !== undefined) return filterGradOneChannelSimd(backend, simd, x, dy, shape);
  }
  return channelsLast && patchLength < outChannels
    ? filterGradIm2col(backend, x, dy, shape)
    : filterGradGradientAsFilter(backend, x, dy, shape);
}

/** The geometry of one `Conv2DBackpropFilter` call. */
interface FilterGradShape {
  batchSize: number;
  inHeight: number;
  inWidth: number;
  inChannels: number;
  outHeight: number;
  outWidth: number;
  outChannels: number;
  filterHeight: number;
  filterWidth: number;
  strideHeight: number;
  strideWidth: number;
  padTop: number;
  padLeft: number;
  channelsLast: boolean;
}

function checkShape(backend: BackendWasm, info: tf.TensorInfo, expected: number[]): void {
  if (info.shape.length === expected.length && info.shape.every((d, i) => d === expected[i])) return;
  disposeWasmTensor(backend, info);
  throw new Error(
    `Conv2DBackpropFilter on wasm: expected an intermediate of shape [${expected.join(', ')}], found ` +
      `[${info.shape.join(', ')}]. This is a bug in @mnist/train; please report it with the layer's shapes.`,
  );
}

function filterGradGradientAsFilter(
  backend: BackendWasm,
  x: tf.TensorInfo,
  dy: tf.TensorInfo,
  s: FilterGradShape,
): tf.TensorInfo {
  // x' = [C, H, W, N]; dy' = [OH, OW, N, F].
  const xT = runWasmKernel('Transpose', backend, { x }, { perm: s.channelsLast ? [3, 1, 2, 0] : [1, 2, 3, 0] });
  const dyT = runWasmKernel('Transpose', backend, { x: dy }, { perm: s.channelsLast ? [1, 2, 0, 3] : [2, 3, 0, 1] });

  // Padding after the input so that exactly KH x KW outputs come out. It is negative when a
  // 'valid' strided convolution never reads the last rows/columns; crop those instead.
  const padBottom = s.filterHeight + (s.outHeight - 1) * s.strideHeight - s.inHeight - s.padTop;
  const padRight = s.filterWidth + (s.outWidth - 1) * s.strideWidth - s.inWidth - s.padLeft;
  let input = xT;
  let cropped: tf.TensorInfo | undefined;
  if (padBottom < 0 || padRight < 0) {
    cropped = runWasmKernel(
      'Slice',
      backend,
      { x: xT },
      {
        begin: [0, 0, 0, 0],
        size: [s.inChannels, s.inHeight + Math.min(padBottom, 0), s.inWidth + Math.min(padRight, 0), s.batchSize],
      },
    );
    input = cropped;
  }
  const conv = runWasmKernel(
    'Conv2D',
    backend,
    { x: input, filter: dyT },
    {
      strides: [1, 1],
      dilations: [s.strideHeight, s.strideWidth],
      pad: [
        [0, 0],
        [s.padTop, Math.max(padBottom, 0)],
        [s.padLeft, Math.max(padRight, 0)],
        [0, 0],
      ],
      dataFormat: 'NHWC',
    } as unknown as tf.NamedAttrMap,
  );
  disposeWasmTensor(backend, xT);
  disposeWasmTensor(backend, dyT);
  if (cropped !== undefined) disposeWasmTensor(backend, cropped);
  checkShape(backend, conv, [s.inChannels, s.filterHeight, s.filterWidth, s.outChannels]);
  const dW = runWasmKernel('Transpose', backend, { x: conv }, { perm: [1, 2, 0, 3] });
  disposeWasmTensor(backend, conv);
  return dW;
}

/** Filter taps handled per call of the SIMD kernel (its register block). */
const SIMD_TAPS_PER_CALL = 3;
/** Output channels handled per call of the SIMD kernel. */
const SIMD_CHANNELS_PER_CALL = 16;

/**
 * One input channel (a first layer on grayscale images), channels a multiple of 16: the
 * WebAssembly SIMD kernel accumulates three taps x sixteen channels in registers over every
 * position, reading x and dy in place (a padded copy of x only when the convolution pads).
 */
function filterGradOneChannelSimd(
  backend: BackendWasm,
  simd: WasmSimdKernels,
  x: tf.TensorInfo,
  dy: tf.TensorInfo,
  s: FilterGradShape,
): tf.TensorInfo {
  const { batchSize, inHeight, inWidth, outHeight, outWidth, outChannels, filterHeight, filterWidth } = s;
  // Rows and columns the taps read, from -padTop / -padLeft on.
  const readHeight = (outHeight - 1) * s.strideHeight + filterHeight;
  const readWidth = (outWidth - 1) * s.strideWidth + filterWidth;
  const inside = s.padTop === 0 && s.padLeft === 0 && readHeight <= inHeight && readWidth <= inWidth;
  let source = x;
  let sourceHeight = inHeight;
  let sourceWidth = inWidth;
  if (!inside) {
    source = backend.makeOutput([batchSize, readHeight, readWidth], 'float32');
    sourceHeight = readHeight;
    sourceWidth = readWidth;
    const src = heapView(backend, x);
    const dst = heapView(backend, source);
    dst.fill(0);
    for (let n = 0; n < batchSize; n++) {
      for (let r = 0; r < readHeight; r++) {
        const ih = r - s.padTop;
        if (ih < 0 || ih >= inHeight) continue;
        const from = (n * inHeight + ih) * inWidth;
        const to = (n * readHeight + r) * readWidth;
        for (let c = 0; c < readWidth; c++) {
          const iw = c - s.padLeft;
          if (iw >= 0 && iw < inWidth) dst[to + c] = src[from + iw]!;
        }
      }
    }
  }
  const dW = backend.makeOutput([filterHeight, filterWidth, 1, outChannels], 'float32');
  const xPtr = wasmPointer(backend, source);
  const dyPtr = wasmPointer(backend, dy);
  const outPtr = wasmPointer(backend, dW);
  const taps = filterHeight * filterWidth;
  // Row, column and dW byte offset of tap t; taps past the last one repeat the group's first
  // tap and are not stored (output pointer 0).
  const row = (t: number) => Math.floor(t / filterWidth);
  const col = (t: number) => t % filterWidth;
  for (let t0 = 0; t0 < taps; t0 += SIMD_TAPS_PER_CALL) {
    const t1 = t0 + 1 < taps ? t0 + 1 : -1;
    const t2 = t0 + 2 < taps ? t0 + 2 : -1;
    const [kh0, kw0] = [row(t0), col(t0)];
    const [kh1, kw1] = t1 < 0 ? [kh0, kw0] : [row(t1), col(t1)];
    const [kh2, kw2] = t2 < 0 ? [kh0, kw0] : [row(t2), col(t2)];
    for (let f0 = 0; f0 < outChannels; f0 += SIMD_CHANNELS_PER_CALL) {
      const at = (t: number) => (t < 0 ? 0 : outPtr + (t * outChannels + f0) * 4);
      simd.filterGradOneChannel(
        xPtr,
        dyPtr,
        batchSize,
        sourceHeight,
        sourceWidth,
        outHeight,
        outWidth,
        outChannels,
        s.strideHeight,
        s.strideWidth,
        f0,
        kh0,
        kw0,
        at(t0),
        kh1,
        kw1,
        at(t1),
        kh2,
        kw2,
        at(t2),
      );
    }
  }
  if (source !== x) disposeWasmTensor(backend, source);
  return dW;
}

function filterGradIm2col(backend: BackendWasm, x: tf.TensorInfo, dy: tf.TensorInfo, s: FilterGradShape): tf.TensorInfo {
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels, filterHeight, filterWidth } = s;
  const positions = batchSize * outHeight * outWidth;
  const patchLength = filterHeight * filterWidth * inChannels;
  // dy^T [F, P] (a plain 2-D transpose, cheap on the backend) is the left operand and the
  // patches [P, KH * KW * C] the right one: XNNPACK packs the right operand of every product
  // anew, and packing the small patches matrix costs a quarter of packing dy.
  const dyT = runWasmKernel(
    'Transpose',
    backend,
    { x: { dataId: dy.dataId, shape: [positions, outChannels], dtype: 'float32' } },
    { perm: [1, 0] },
  );
  const patches = backend.makeOutput([1, positions, patchLength], 'float32');
  {
    // Views only after every allocation: growing the heap detaches earlier views.
    const src = heapView(backend, x);
    const dst = heapView(backend, patches);
    const rowStride = inWidth * inChannels;
    const rowLength = filterWidth * inChannels;
    let at = 0;
    for (let n = 0; n < batchSize; n++) {
      for (let oh = 0; oh < outHeight; oh++) {
        for (let ow = 0; ow < outWidth; ow++) {
          for (let kh = 0; kh < filterHeight; kh++) {
            const ih = oh * s.strideHeight + kh - s.padTop;
            if (ih < 0 || ih >= inHeight) {
              dst.fill(0, at, at + rowLength);
              at += rowLength;
              continue;
            }
            const rowBase = (n * inHeight + ih) * rowStride;
            const iw0 = ow * s.strideWidth - s.padLeft;
            if (iw0 >= 0 && iw0 + filterWidth <= inWidth) {
              // The window's row lies inside the image: KW * C contiguous values.
              const from = rowBase + iw0 * inChannels;
              for (let j = 0; j < rowLength; j++) dst[at++] = src[from + j]!;
              continue;
            }
            for (let kw = 0; kw < filterWidth; kw++) {
              const iw = iw0 + kw;
              if (iw < 0 || iw >= inWidth) {
                dst.fill(0, at, at + inChannels);
                at += inChannels;
                continue;
              }
              const from = rowBase + iw * inChannels;
              for (let c = 0; c < inChannels; c++) dst[at++] = src[from + c]!;
            }
          }
        }
      }
    }
  }
  const product = runWasmKernel(
    'BatchMatMul',
    backend,
    { a: { dataId: dyT.dataId, shape: [1, outChannels, positions], dtype: 'float32' }, b: patches },
    { transposeA: false, transposeB: false } as unknown as tf.NamedAttrMap,
  );
  disposeWasmTensor(backend, dyT);
  disposeWasmTensor(backend, patches);
  checkShape(backend, product, [1, outChannels, patchLength]);
  // dW^T [F, KH * KW * C] -> [KH * KW * C, F], the memory layout of [KH, KW, C, F].
  const dW = runWasmKernel(
    'Transpose',
    backend,
    { x: { dataId: product.dataId, shape: [outChannels, patchLength], dtype: 'float32' } },
    { perm: [1, 0] },
  );
  disposeWasmTensor(backend, product);
  return { dataId: dW.dataId, shape: [filterHeight, filterWidth, inChannels, outChannels], dtype: 'float32' };
}

/** Kernel registration for {@link conv2DBackpropFilterWasm}. */
export const conv2DBackpropFilterWasmConfig: tf.KernelConfig = {
  kernelName: tf.Conv2DBackpropFilter,
  backendName: WASM_BACKEND_NAME,
  kernelFunc: conv2DBackpropFilterWasm as unknown as tf.KernelFunc,
};
