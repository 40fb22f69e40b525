import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { callOriginalKernel, type KernelArgs } from './original-wasm-kernels.js';
import { disposeWasmTensor, heapView, runWasmKernel, WASM_BACKEND_NAME } from './wasm-kernel-call.js';

/**
 * `Conv2DBackpropInput` for the wasm backend as one XNNPACK forward convolution (the 4.22
 * backend runs it as a scalar loop, about 10x slower):
 *
 *   dx = conv2d(dilate(dy, stride), flip(W) as [KH, KW, F, C], stride 1, "full" padding)
 *
 * `dilate` inserts `stride - 1` zeros between the rows and columns of dy (skipped when the
 * stride is 1); `flip` reverses the filter taps. Channels-first inputs and explicit paddings
 * that would need negative padding fall back to the backend's original kernel.
 *
 * When a patch (KH * KW * C) is smaller than F, as for the input gradient of a first layer
 * on 1-channel images (which tfjs computes for fused convolutions although nothing uses it),
 * the convolution would have C = 1 output channels, which XNNPACK runs poorly; instead
 * dy [P, F] x W^T [F, KH * KW * C] on XNNPACK's matrix product gives every patch's gradient,
 * and a scatter-add (col2im) sums the patches into dx.
 */
export function conv2DBackpropInputWasm(args: KernelArgs): tf.TensorInfo {
  const backend = args.backend as BackendWasm;
  const { dy, filter } = args.inputs as { dy: tf.TensorInfo; filter: tf.TensorInfo };
  const attrs = (args.attrs ?? {}) as unknown as tf.Conv2DBackpropInputAttrs;
  const dataFormat = tf.backend_util.convertConv2DDataFormat(attrs.dataFormat);
  const convInfo = tf.backend_util.computeConv2DInfo(
    attrs.inputShape,
    filter.shape as [number, number, number, number],
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
    false,
    dataFormat,
  );
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels, filterHeight, filterWidth } =
    convInfo;
  const { strideHeight, strideWidth } = convInfo;
  const patchLength = filterHeight * filterWidth * inChannels;
  if (convInfo.dataFormat === 'channelsLast' && patchLength < outChannels) {
    return inputGradCol2im(backend, dy, filter, convInfo);
  }
  const dilatedHeight = (outHeight - 1) * strideHeight + 1;
  const dilatedWidth = (outWidth - 1) * strideWidth + 1;
  const padTop = filterHeight - 1 - convInfo.padInfo.top;
  const padLeft = filterWidth - 1 - convInfo.padInfo.left;
  const padBottom = inHeight + filterHeight - 1 - dilatedHeight - padTop;
  const padRight = inWidth + filterWidth - 1 - dilatedWidth - padLeft;
  if (convInfo.dataFormat !== 'channelsLast' || Math.min(padTop, padLeft, padBottom, padRight) < 0) {
    return callOriginalKernel(tf.Conv2DBackpropInput, args);
  }

  // flip(W): [KH, KW, C, F] -> [KH, KW, F, C] with reversed taps.
  const flipped = backend.makeOutput([filterHeight, filterWidth, outChannels, inChannels], 'float32');
  let dyDilated = dy;
  if (strideHeight > 1 || strideWidth > 1) {
    dyDilated = backend.makeOutput([batchSize, dilatedHeight, dilatedWidth, outChannels], 'float32');
  }
  // Views only after every allocation: growing the heap detaches earlier views.
  const w = heapView(backend, filter);
  const wf = heapView(backend, flipped);
  for (let kh = 0; kh < filterHeight; kh++) {
    for (let kw = 0; kw < filterWidth; kw++) {
      const src = ((filterHeight - 1 - kh) * filterWidth + (filterWidth - 1 - kw)) * inChannels * outChannels;
      const dst = (kh * filterWidth + kw) * outChannels * inChannels;
      for (let c = 0; c < inChannels; c++) {
        for (let f = 0; f < outChannels; f++) wf[dst + f * inChannels + c] = w[src + c * outChannels + f]!;
      }
    }
  }
  if (dyDilated !== dy) {
    const src = heapView(backend, dy);
    const dst = heapView(backend, dyDilated);
    dst.fill(0);
    for (let n = 0; n < batchSize; n++) {
      for (let oh = 0; oh < outHeight; oh++) {
        for (let ow = 0; ow < outWidth; ow++) {
          const from = ((n * outHeight + oh) * outWidth + ow) * outChannels;
          const to = ((n * dilatedHeight + oh * strideHeight) * dilatedWidth + ow * strideWidth) * outChannels;
          dst.set(src.subarray(from, from + outChannels), to);
        }
      }
    }
  }
  const dx = runWasmKernel(
    'Conv2D',
    backend,
    { x: dyDilated, filter: flipped },
    {
      strides: [1, 1],
      dilations: [1, 1],
      pad: [
        [0, 0],
        [padTop, padBottom],
        [padLeft, padRight],
        [0, 0],
      ],
      dataFormat: 'NHWC',
    } as unknown as tf.NamedAttrMap,
  );
  disposeWasmTensor(backend, flipped);
  if (dyDilated !== dy) disposeWasmTensor(backend, dyDilated);
  return dx;
}

function inputGradCol2im(
  backend: BackendWasm,
  dy: tf.TensorInfo,
  filter: tf.TensorInfo,
  info: tf.backend_util.Conv2DInfo,
): tf.TensorInfo {
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels, filterHeight, filterWidth } = info;
  const positions = batchSize * outHeight * outWidth;
  const patchLength = filterHeight * filterWidth * inChannels;
  // Same buffers, matrix views: dy as [1, P, F], W as [1, KH * KW * C, F].
  const dyMatrix: tf.TensorInfo = { dataId: dy.dataId, shape: [1, positions, outChannels], dtype: 'float32' };
  const wMatrix: tf.TensorInfo = { dataId: filter.dataId, shape: [1, patchLength, outChannels], dtype: 'float32' };
  const patches = runWasmKernel(
    'BatchMatMul',
    backend,
    { a: dyMatrix, b: wMatrix },
    { transposeA: false, transposeB: true } as unknown as tf.NamedAttrMap,
  );
  const dxInfo = backend.makeOutput(info.inShape, 'float32');
  const src = heapView(backend, patches);
  const dx = heapView(backend, dxInfo);
  dx.fill(0);
  const { strideHeight, strideWidth } = info;
  const padTop = info.padInfo.top;
  const padLeft = info.padInfo.left;
  let at = 0;
  for (let n = 0; n < batchSize; n++) {
    for (let oh = 0; oh < outHeight; oh++) {
      for (let ow = 0; ow < outWidth; ow++) {
        for (let kh = 0; kh < filterHeight; kh++) {
          const ih = oh * strideHeight + kh - padTop;
          for (let kw = 0; kw < filterWidth; kw++) {
            const iw = ow * strideWidth + kw - padLeft;
            if (ih >= 0 && ih < inHeight && iw >= 0 && iw < inWidth) {
              const to = ((n * inHeight + ih) * inWidth + iw) * inChannels;
              for (let c = 0; c < inChannels; c++) dx[to + c]! += src[at + c]!;
            }
            at += inChannels;
          }
        }
      }
    }
  }
  disposeWasmTensor(backend, patches);
  return dxInfo;
}

/** Kernel registration for {@link conv2DBackpropInputWasm}. */
export const conv2DBackpropInputWasmConfig: tf.KernelConfig = {
  kernelName: tf.Conv2DBackpropInput,
  backendName: WASM_BACKEND_NAME,
  kernelFunc: conv2DBackpropInputWasm as unknown as tf.KernelFunc,
};
