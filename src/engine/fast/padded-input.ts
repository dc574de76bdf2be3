// The SIMD convolution kernels (simd/kernels.c) read every tap of every output pixel from
// X without bounds checks: where the padding, or a stride leaving the last rows unread,
// puts taps outside X, they get a zero-padded copy of it instead.
import type * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { heapAddress, simdKernels } from './simd/simd-kernels';

/** X (NHWC) as the kernels read it: its address and the per-sample and per-row strides, in floats. */
export interface PaddedInput {
  address: number;
  sampleStride: number;
  rowStride: number;
}

/** `x` itself when every tap is inside it, else a padded copy added to `temporaries`. */
export function paddedInput(wasm: BackendWasm, x: tf.TensorInfo, info: tf.backend_util.Conv2DInfo, temporaries: tf.TensorInfo[]): PaddedInput {
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, filterHeight, filterWidth, strideHeight, strideWidth, dilationHeight, dilationWidth } = info;
  // The rows and columns the taps reach, counted from the top-left padding.
  const height = (outHeight - 1) * strideHeight + (filterHeight - 1) * dilationHeight + 1;
  const width = (outWidth - 1) * strideWidth + (filterWidth - 1) * dilationWidth + 1;
  const { top, left } = info.padInfo;
  if (top === 0 && left === 0 && height <= inHeight && width <= inWidth) {
    return { address: heapAddress(wasm, x), sampleStride: inHeight * inWidth * inChannels, rowStride: inWidth * inChannels };
  }
  const padded = wasm.makeOutput([batchSize, height, width, inChannels], 'float32');
  temporaries.push(padded);
  simdKernels(wasm).pad_channels_last(heapAddress(wasm, x), heapAddress(wasm, padded), batchSize, inHeight, inWidth, inChannels, height, width, top, left);
  return { address: heapAddress(wasm, padded), sampleStride: height * width * inChannels, rowStride: width * inChannels };
}
