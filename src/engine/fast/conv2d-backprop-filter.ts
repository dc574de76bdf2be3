// `Conv2DBackpropFilter` (the gradient of a Conv2D with respect to its kernel) is not
// registered for the wasm backend in tfjs 4.22, so no Conv2D model trains there as
// shipped. This kernel runs it as one implicit matrix product in our SIMD module
// (simd/kernels.c, conv2d_filter_gradient), straight from X and dY on the heap:
//   dW[fr, fc, c, o] = Σ_{b, y, x} X[b, y·s − pad + fr, x·s − pad + fc, c] · dY[b, y, x, o]
// (X zero-padded first where taps fall outside it: padded-input.ts.)
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { input, type KernelArgs } from './kernel-args';
import { toChannelsLast } from './layout';
import { paddedInput } from './padded-input';
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
  const { batchSize, inChannels, outHeight, outWidth, outChannels, filterHeight, filterWidth, strideHeight, strideWidth, dilationHeight, dilationWidth } = info;
  const source = paddedInput(wasm, x, info, temporaries);
  const dw = wasm.makeOutput([filterHeight, filterWidth, inChannels, outChannels], 'float32');
  simdKernels(wasm).conv2d_filter_gradient(source.address, heapAddress(wasm, dy), heapAddress(wasm, dw), batchSize, outHeight, outWidth, outChannels,
    inChannels, filterHeight, filterWidth, source.sampleStride, source.rowStride, strideHeight, strideWidth, dilationHeight, dilationWidth);
  return dw;
}
