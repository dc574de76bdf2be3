// `Conv2DBackpropFilter` (the gradient of a Conv2D with respect to its kernel) is not
// registered for the wasm backend in tfjs 4.22, so no Conv2D model trains there as
// shipped. This kernel runs it as one implicit matrix product in our SIMD module
// (simd/kernels.c, conv2d_filter_gradient), straight from X and dY on the heap:
//   dW[fr, fc, c, o] = Σ_{b, y, x} X[b, y·s − pad + fr, x·s − pad + fc, c] · dY[b, y, x, o]
// When the padding (or a stride leaving the last rows unread) puts taps outside X, X is
// first copied into a zero-padded buffer so every tap of every pixel is in range.
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { input, type KernelArgs } from './kernel-args';
import { toChannelsLast } from './layout';
import { heapAddress, simdKernels } from './simd/simd-kernels';

export function conv2DBackpropFilter(args: KernelArgs): tf.TensorInfo {
  const wasm = args.backend as BackendWasm;
  const { strides, pad, dataFormat, dimRoundingMode, filterShape } = args.attrs as unknown as tf.Conv2DBackpropFilterAttrs;
  const temporaries: tf.TensorInfo[] = [];
  try {
    // NCHW tensors are transposed to NHWC once; the layout of dW does not depend on it.
    const x = toChannelsLast(wasm, input(args, 'x'), dataFormat, temporaries);
    const dy = toChannelsLast(wasm, input(args, 'dy'), dataFormat, temporaries);
    const info = tf.backend_util.computeConv2DInfo(x.shape as [number, number, number, number], filterShape, strides, 1, pad, dimRoundingMode, false, 'channelsLast');
    return filterGradient(wasm, x, dy, info, temporaries);
  } finally {
    for (const t of temporaries) wasm.disposeData(t.dataId);
  }
}

function filterGradient(wasm: BackendWasm, x: tf.TensorInfo, dy: tf.TensorInfo, info: tf.backend_util.Conv2DInfo, temporaries: tf.TensorInfo[]): tf.TensorInfo {
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels, filterHeight, filterWidth, strideHeight, strideWidth, dilationHeight, dilationWidth } = info;
  const kernels = simdKernels(wasm);
  // The rows and columns the taps reach, counted from the top-left padding.
  const paddedHeight = (outHeight - 1) * strideHeight + (filterHeight - 1) * dilationHeight + 1;
  const paddedWidth = (outWidth - 1) * strideWidth + (filterWidth - 1) * dilationWidth + 1;
  const { top, left } = info.padInfo;
  let source = x;
  let [height, width] = [inHeight, inWidth];
  if (top > 0 || left > 0 || paddedHeight > inHeight || paddedWidth > inWidth) {
    source = wasm.makeOutput([batchSize, paddedHeight, paddedWidth, inChannels], 'float32');
    temporaries.push(source);
    kernels.pad_channels_last(heapAddress(wasm, x), heapAddress(wasm, source), batchSize, inHeight, inWidth, inChannels, paddedHeight, paddedWidth, top, left);
    [height, width] = [paddedHeight, paddedWidth];
  }
  const dw = wasm.makeOutput([filterHeight, filterWidth, inChannels, outChannels], 'float32');
  kernels.conv2d_filter_gradient(heapAddress(wasm, source), heapAddress(wasm, dy), heapAddress(wasm, dw), batchSize, outHeight, outWidth, outChannels,
    inChannels, filterHeight, filterWidth, height * width * inChannels, width * inChannels, strideHeight, strideWidth, dilationHeight, dilationWidth);
  return dw;
}
