import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
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
 * the patches are then gathered (im2col, P = N * OH * OW, built transposed) and the gradient
 * is one XNNPACK matrix product patches^T [KH * KW * C, P] x dy [P, F], with no transpose of
 * dy or of the result.
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

function filterGradIm2col(backend: BackendWasm, x: tf.TensorInfo, dy: tf.TensorInfo, s: FilterGradShape): tf.TensorInfo {
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels, filterHeight, filterWidth } = s;
  const positions = batchSize * outHeight * outWidth;
  const patchLength = filterHeight * filterWidth * inChannels;
  // Patches built transposed, [KH * KW * C, P], one row per filter tap and channel, so that
  // the product patches^T-free dW = patchesT x dy needs no transpose of the (large) dy and
  // comes out directly as [KH, KW, C, F].
  const patchesT = backend.makeOutput([1, patchLength, positions], 'float32');
  {
    const src = heapView(backend, x);
    const dst = heapView(backend, patchesT);
    const rowStride = inWidth * inChannels;
    for (let kh = 0; kh < filterHeight; kh++) {
      for (let kw = 0; kw < filterWidth; kw++) {
        for (let c = 0; c < inChannels; c++) {
          let at = ((kh * filterWidth + kw) * inChannels + c) * positions;
          for (let n = 0; n < batchSize; n++) {
            for (let oh = 0; oh < outHeight; oh++) {
              const ih = oh * s.strideHeight + kh - s.padTop;
              if (ih < 0 || ih >= inHeight) {
                dst.fill(0, at, at + outWidth);
                at += outWidth;
                continue;
              }
              const rowBase = (n * inHeight + ih) * rowStride + c;
              for (let ow = 0; ow < outWidth; ow++, at++) {
                const iw = ow * s.strideWidth + kw - s.padLeft;
                dst[at] = iw >= 0 && iw < inWidth ? src[rowBase + iw * inChannels]! : 0;
              }
            }
          }
        }
      }
    }
  }
  // dy viewed as [1, P, F] (same buffer, no copy).
  const dyMatrix: tf.TensorInfo = { dataId: dy.dataId, shape: [1, positions, outChannels], dtype: 'float32' };
  const product = runWasmKernel(
    'BatchMatMul',
    backend,
    { a: patchesT, b: dyMatrix },
    { transposeA: false, transposeB: false } as unknown as tf.NamedAttrMap,
  );
  disposeWasmTensor(backend, patchesT);
  checkShape(backend, product, [1, patchLength, outChannels]);
  // [1, KH * KW * C, F] is already the memory layout of [KH, KW, C, F].
  const dW = runWasmKernel('Reshape', backend, { x: product }, { shape: [filterHeight, filterWidth, inChannels, outChannels] });
  disposeWasmTensor(backend, product);
  return dW;
}

/** Kernel registration for {@link conv2DBackpropFilterWasm}. */
export const conv2DBackpropFilterWasmConfig: tf.KernelConfig = {
  kernelName: tf.Conv2DBackpropFilter,
  backendName: WASM_BACKEND_NAME,
  kernelFunc: conv2DBackpropFilterWasm as unknown as tf.KernelFunc,
};
