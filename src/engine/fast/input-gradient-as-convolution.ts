// The input gradient of a stride-1, undilated convolution is itself a convolution, so
// XNNPACK's convolution (packed, SIMD, and threaded when the backend has threads) can do
// all the work, where col2im in JavaScript did a large part of it before:
//   dX = conv(dY, W flipped in space with in/out channels swapped),
//        padded by (filter size − 1 − the forward padding)
// It returns undefined where it does not apply (strides or dilations above 1, or a padding
// this rewriting cannot express); the caller then uses its general kernel. (The filter
// gradient, once a convolution with the batch as channels here, is simd/kernels.c's
// implicit matrix product: 2-10x faster at the example CNN's shapes.)
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

type Padding = [[number, number], [number, number], [number, number], [number, number]];

function appliesTo(info: tf.backend_util.Conv2DInfo): boolean {
  return info.strideHeight === 1 && info.strideWidth === 1 && info.dilationHeight === 1 && info.dilationWidth === 1;
}

/** dX [batch, inHeight, inWidth, inChannels] from dY (NHWC) and the filter [fh, fw, in, out]. */
export function inputGradientByConvolution(wasm: BackendWasm, dy: tf.TensorInfo, filter: tf.TensorInfo, info: tf.backend_util.Conv2DInfo): tf.TensorInfo | undefined {
  if (!appliesTo(info)) return undefined;
  const { filterHeight, filterWidth, inHeight, inWidth, outHeight, outWidth } = info;
  const top = filterHeight - 1 - info.padInfo.top;
  const left = filterWidth - 1 - info.padInfo.left;
  const bottom = inHeight - outHeight + filterHeight - 1 - top;
  const right = inWidth - outWidth + filterWidth - 1 - left;
  if (Math.min(top, left, bottom, right) < 0) return undefined;
  const flipped = flippedFilter(wasm, filter);
  try {
    return convolve(wasm, dy, flipped, [[0, 0], [top, bottom], [left, right], [0, 0]]);
  } finally {
    wasm.disposeData(flipped.dataId);
  }
}

/** W'[fh−1−r, fw−1−s, o, c] = W[r, s, c, o]: the filter of the input gradient's convolution. */
function flippedFilter(wasm: BackendWasm, filter: tf.TensorInfo): tf.TensorInfo {
  const [height, width, inChannels, outChannels] = filter.shape;
  // Allocate first: a heap growth would detach views made before it.
  const out = wasm.makeOutput([height, width, outChannels, inChannels], 'float32');
  const source = wasm.typedArrayFromHeap(filter) as Float32Array;
  const target = wasm.typedArrayFromHeap(out) as Float32Array;
  const taps = height * width;
  for (let tap = 0; tap < taps; tap++) {
    const from = tap * inChannels * outChannels;
    const to = (taps - 1 - tap) * inChannels * outChannels;
    for (let c = 0; c < inChannels; c++) {
      for (let o = 0; o < outChannels; o++) target[to + o * inChannels + c] = source[from + c * outChannels + o];
    }
  }
  return out;
}

function convolve(wasm: BackendWasm, x: tf.TensorInfo, filter: tf.TensorInfo, pad: Padding): tf.TensorInfo {
  const attrs = { strides: [1, 1], pad, dataFormat: 'NHWC', dilations: [1, 1], dimRoundingMode: undefined };
  return tf.getKernel('Conv2D', 'wasm').kernelFunc({ inputs: { x, filter }, backend: wasm, attrs: attrs as unknown as tf.NamedAttrMap }) as tf.TensorInfo;
}
