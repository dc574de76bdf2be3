// Both Conv2D gradients of a stride-1, undilated convolution are themselves convolutions,
// so XNNPACK's convolution (packed, SIMD, and threaded when the backend has threads) can do
// all the work, where im2col/col2im in JavaScript did a large part of it before:
//   input gradient   dX = conv(dY, W flipped in space with in/out channels swapped),
//                         padded by (filter size − 1 − the forward padding)
//   filter gradient  dW = conv(Xᵗ, dYᵗ) with the batch as the channels: Xᵗ[c, h, w, b],
//                         dYᵗ[y, x, b, o] as a filter, the result [c, fr, fc, o] → [fr, fc, c, o]
// Each returns undefined where it does not apply (strides or dilations above 1, or a
// padding this rewriting cannot express); the callers then use their general kernels.
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

/** dW [fh, fw, inChannels, outChannels] from X and dY (both NHWC). */
export function filterGradientByConvolution(wasm: BackendWasm, x: tf.TensorInfo, dy: tf.TensorInfo, info: tf.backend_util.Conv2DInfo): tf.TensorInfo | undefined {
  if (!appliesTo(info)) return undefined;
  const { filterHeight, filterWidth, inHeight, inWidth, outHeight, outWidth } = info;
  const top = info.padInfo.top;
  const left = info.padInfo.left;
  const bottom = filterHeight - 1 + outHeight - inHeight - top;
  const right = filterWidth - 1 + outWidth - inWidth - left;
  if (Math.min(top, left, bottom, right) < 0) return undefined;
  const temporaries = [transpose(wasm, x, [3, 1, 2, 0]), transpose(wasm, dy, [1, 2, 0, 3])];
  try {
    const product = convolve(wasm, temporaries[0], temporaries[1], [[0, 0], [top, bottom], [left, right], [0, 0]]);
    temporaries.push(product);
    return transpose(wasm, product, [1, 2, 0, 3]);
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

function convolve(wasm: BackendWasm, x: tf.TensorInfo, filter: tf.TensorInfo, pad: Padding): tf.TensorInfo {
  const attrs = { strides: [1, 1], pad, dataFormat: 'NHWC', dilations: [1, 1], dimRoundingMode: undefined };
  return tf.getKernel('Conv2D', 'wasm').kernelFunc({ inputs: { x, filter }, backend: wasm, attrs: attrs as unknown as tf.NamedAttrMap }) as tf.TensorInfo;
}

function transpose(wasm: BackendWasm, x: tf.TensorInfo, perm: number[]): tf.TensorInfo {
  return tf.getKernel('Transpose', 'wasm').kernelFunc({ inputs: { x }, backend: wasm, attrs: { perm } }) as tf.TensorInfo;
}
