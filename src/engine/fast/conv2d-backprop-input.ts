// `Conv2DBackpropInput` (the gradient of a Conv2D with respect to its input) exists for
// wasm but as a direct loop: 72 ms of the example CNN's 130 ms step for its second
// convolution. This kernel lets XNNPACK compute every output pixel's contribution to its
// patch, G = dY · Wᵀ (one row per output pixel, one column per filter tap), and adds the
// rows back into the input gradient in JavaScript (col2im):
//   dX[b, y·s − pad + fr, x·s − pad + fc, c] += G[(b, y, x), (fr, fc, c)]
// Stride-1 convolutions (the usual case) skip the col2im: their input gradient is one
// XNNPACK convolution (input-gradient-as-convolution.ts).
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { inputGradientByConvolution } from './input-gradient-as-convolution';
import { input, type KernelArgs } from './kernel-args';
import { toChannelsLast } from './layout';
import { transposeLastTwoAxes } from './matmul-without-transpose';

/** Largest patch-gradient matrix built at once, in float32 elements (32 MB). */
const PATCH_MATRIX_LIMIT = 8 * 1024 * 1024;

export function conv2DBackpropInput(args: KernelArgs): tf.TensorInfo {
  const wasm = args.backend as BackendWasm;
  const filter = input(args, 'filter');
  const { strides, pad, dataFormat, dimRoundingMode, inputShape } = args.attrs as unknown as tf.Conv2DBackpropInputAttrs;
  const temporaries: tf.TensorInfo[] = [];
  try {
    const dy = toChannelsLast(wasm, input(args, 'dy'), dataFormat, temporaries);
    const [batch, height, width, channels] = dataFormat === 'NHWC' ? inputShape : [inputShape[0], inputShape[2], inputShape[3], inputShape[1]];
    const info = tf.backend_util.computeConv2DInfo([batch, height, width, channels], filter.shape as [number, number, number, number], strides, 1, pad, dimRoundingMode, false, 'channelsLast');
    const dx = inputGradientByConvolution(wasm, dy, filter, info) ?? inputGradient(wasm, dy, filter, info, temporaries);
    if (dataFormat === 'NHWC') return dx;
    temporaries.push(dx);
    return tf.getKernel('Transpose', 'wasm').kernelFunc({ inputs: { x: dx }, backend: wasm, attrs: { perm: [0, 3, 1, 2] } }) as tf.TensorInfo;
  } finally {
    for (const t of temporaries) wasm.disposeData(t.dataId);
  }
}

function inputGradient(wasm: BackendWasm, dy: tf.TensorInfo, filter: tf.TensorInfo, info: tf.backend_util.Conv2DInfo, temporaries: tf.TensorInfo[]): tf.TensorInfo {
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels, strideHeight, strideWidth, filterHeight, filterWidth } = info;
  const taps = filterHeight * filterWidth * inChannels;
  const pixelsPerSample = outHeight * outWidth;
  const samplesPerChunk = Math.max(1, Math.floor(PATCH_MATRIX_LIMIT / Math.max(1, taps * pixelsPerSample)));
  const batchMatMul = tf.getKernel('BatchMatMul', 'wasm').kernelFunc;
  // Wᵀ: the filter [fr, fc, c, o] read as a (taps x outChannels) matrix, transposed.
  const filterTransposed = transposeLastTwoAxes(wasm, { ...filter, shape: [1, taps, outChannels] });
  temporaries.push(filterTransposed);

  const sums = new Float64Array(batchSize * inHeight * inWidth * inChannels);
  const padTop = info.padInfo.top;
  const padLeft = info.padInfo.left;
  for (let first = 0; first < batchSize; first += samplesPerChunk) {
    const samples = Math.min(samplesPerChunk, batchSize - first);
    const pixels = samples * pixelsPerSample;
    const rows = wasm.makeOutput([1, pixels, outChannels], 'float32');
    temporaries.push(rows);
    const dyValues = wasm.typedArrayFromHeap(dy) as Float32Array;
    (wasm.typedArrayFromHeap(rows) as Float32Array).set(dyValues.subarray(first * pixelsPerSample * outChannels, (first + samples) * pixelsPerSample * outChannels));
    const product = batchMatMul({ inputs: { a: rows, b: filterTransposed }, backend: wasm, attrs: { transposeA: false, transposeB: false } }) as tf.TensorInfo;
    const g = wasm.typedArrayFromHeap(product) as Float32Array;
    let k = 0;
    for (let b = first; b < first + samples; b++) {
      for (let y = 0; y < outHeight; y++) {
        for (let x = 0; x < outWidth; x++, k += taps) {
          for (let fr = 0; fr < filterHeight; fr++) {
            const row = y * strideHeight - padTop + fr;
            if (row < 0 || row >= inHeight) continue;
            for (let fc = 0; fc < filterWidth; fc++) {
              const col = x * strideWidth - padLeft + fc;
              if (col < 0 || col >= inWidth) continue;
              const target = ((b * inHeight + row) * inWidth + col) * inChannels;
              const source = k + (fr * filterWidth + fc) * inChannels;
              for (let c = 0; c < inChannels; c++) sums[target + c] += g[source + c];
            }
          }
        }
      }
    }
    wasm.disposeData(product.dataId);
  }
  const out = wasm.makeOutput([batchSize, inHeight, inWidth, inChannels], 'float32');
  (wasm.typedArrayFromHeap(out) as Float32Array).set(sums);
  return out;
}
