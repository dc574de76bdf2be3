// The forward Conv2D of NHWC float32 tensors as an implicit matrix product in our SIMD
// module (simd/kernels.c, conv2d_forward), straight from X and the filter on the heap:
//   Y[b, y, x, o] = Σ_(fr, fc, c) X[b, y·s − pad + fr·d, x·s − pad + fc·d, c] · W[fr, fc, c, o]
// At the example CNN's shapes it took 1.1x (first layer, one input channel) and 1.4x (second)
// less CPU than XNNPACK, the stock kernel (docs/performance.md), with bit-identical results.
// It also mends a stock bug: tfjs-backend-wasm 4.22's Conv2D with unequal strides and a
// numeric padding (x [2,7,7,40], strides [2,1], pad 1) gives a wrong output shape and
// corrupts the heap (fast-kernels.test.ts has the case). Other layouts and types go to the
// stock kernel.
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { input, type KernelArgs } from './kernel-args';
import { paddedInput } from './padded-input';
import { heapAddress, simdKernels } from './simd/simd-kernels';

export function conv2DChannelsLast(stockConv2D: tf.KernelFunc): tf.KernelFunc {
  return (args: KernelArgs) => {
    const x = input(args, 'x');
    const filter = input(args, 'filter');
    const { strides, pad, dataFormat, dilations, dimRoundingMode } = args.attrs as unknown as tf.Conv2DAttrs;
    if (dataFormat !== 'NHWC' || x.dtype !== 'float32' || filter.dtype !== 'float32') return stockConv2D(args);
    const wasm = args.backend as BackendWasm;
    const info = tf.backend_util.computeConv2DInfo(x.shape as [number, number, number, number], filter.shape as [number, number, number, number], strides, dilations, pad, dimRoundingMode, false, 'channelsLast');
    const temporaries: tf.TensorInfo[] = [];
    try {
      return convolve(wasm, x, filter, info, temporaries);
    } finally {
      for (const t of temporaries) wasm.disposeData(t.dataId);
    }
  };
}

/** Y [batch, outHeight, outWidth, outChannels] of X (NHWC) and the filter [fh, fw, in, out] as `info` describes them. */
export function convolve(wasm: BackendWasm, x: tf.TensorInfo, filter: tf.TensorInfo, info: tf.backend_util.Conv2DInfo, temporaries: tf.TensorInfo[]): tf.TensorInfo {
  const { batchSize, inChannels, outHeight, outWidth, outChannels, filterHeight, filterWidth, strideHeight, strideWidth, dilationHeight, dilationWidth } = info;
  const source = paddedInput(wasm, x, info, temporaries);
  const packed = wasm.makeOutput(filter.shape, 'float32');
  temporaries.push(packed);
  const y = wasm.makeOutput([batchSize, outHeight, outWidth, outChannels], 'float32');
  simdKernels(wasm).conv2d_forward(source.address, heapAddress(wasm, filter), heapAddress(wasm, packed), heapAddress(wasm, y), batchSize, outHeight, outWidth, outChannels,
    inChannels, filterHeight, filterWidth, source.sampleStride, source.rowStride, strideHeight, strideWidth, dilationHeight, dilationWidth);
  return y;
}
