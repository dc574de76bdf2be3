// The input gradient of a stride-1, undilated convolution is itself a convolution, so our
// SIMD convolution (conv2d.ts; as fast as XNNPACK's alone, and in a training step 7.4 -> 5.5 ms)
// does all the work, where col2im in JavaScript did a large part of it before:
//   dX = conv(dY, W flipped in space with in/out channels swapped),
//        padded by (filter size − 1 − the forward padding)
// It returns undefined where it does not apply (strides or dilations above 1, or a padding
// this rewriting cannot express); the caller then uses its general kernel. (The filter
// gradient, once a convolution with the batch as channels here, is simd/kernels.c's
// implicit matrix product: 1.1-2.8x less CPU at the example CNN's shapes.)
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { convolve } from './conv2d';

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
  const temporaries = [flippedFilter(wasm, filter)];
  try {
    const flipped = temporaries[0];
    const padding: tf.backend_util.ExplicitPadding = [[0, 0], [top, bottom], [left, right], [0, 0]];
    const convolution = tf.backend_util.computeConv2DInfo(dy.shape as [number, number, number, number], flipped.shape as [number, number, number, number], 1, 1, padding, undefined, false, 'channelsLast');
    return convolve(wasm, dy, flipped, convolution, temporaries);
  } finally {
    for (const t of temporaries) wasm.disposeData(t.dataId);
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
