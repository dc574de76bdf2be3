// `Conv2DBackpropFilter` (the gradient of a Conv2D with respect to its kernel) is not
// registered for the wasm backend in tfjs 4.22, so no Conv2D model trains there as
// shipped. This kernel lays the input patches out as a matrix in JavaScript (im2col) and
// lets XNNPACK do the products:
//   dW[fr, fc, c, o] = Σ_{b, y, x} X[b, y·s − pad + fr, x·s − pad + fc, c] · dY[b, y, x, o]
//                    = (Pᵀ · dY)[(fr, fc, c), o]
// with Pᵀ one row per filter tap (fr, fc, c) and one column per output pixel (b, y, x).
// The batch is cut into chunks so Pᵀ stays under a few tens of MB. Stride-1 convolutions
// (the usual case) skip all this: their filter gradient is one XNNPACK convolution
// (convolution-gradients-as-convolutions.ts).
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { filterGradientByConvolution } from './convolution-gradients-as-convolutions';
import { input, type KernelArgs } from './kernel-args';
import { toChannelsLast } from './layout';

/** Largest im2col matrix built at once, in float32 elements (32 MB). */
const PATCH_MATRIX_LIMIT = 8 * 1024 * 1024;

export function conv2DBackpropFilter(args: KernelArgs): tf.TensorInfo {
  const wasm = args.backend as BackendWasm;
  const { strides, pad, dataFormat, dimRoundingMode, filterShape } = args.attrs as unknown as tf.Conv2DBackpropFilterAttrs;
  const temporaries: tf.TensorInfo[] = [];
  try {
    // NCHW tensors are transposed to NHWC once; the layout of dW does not depend on it.
    const x = toChannelsLast(wasm, input(args, 'x'), dataFormat, temporaries);
    const dy = toChannelsLast(wasm, input(args, 'dy'), dataFormat, temporaries);
    const info = tf.backend_util.computeConv2DInfo(x.shape as [number, number, number, number], filterShape, strides, 1, pad, dimRoundingMode, false, 'channelsLast');
    return filterGradientByConvolution(wasm, x, dy, info) ?? filterGradient(wasm, x, dy, info, temporaries);
  } finally {
    for (const t of temporaries) wasm.disposeData(t.dataId);
  }
}

function filterGradient(wasm: BackendWasm, x: tf.TensorInfo, dy: tf.TensorInfo, info: tf.backend_util.Conv2DInfo, temporaries: tf.TensorInfo[]): tf.TensorInfo {
  const { batchSize, outHeight, outWidth, outChannels, filterHeight, filterWidth, inChannels } = info;
  const taps = filterHeight * filterWidth * inChannels;
  const pixelsPerSample = outHeight * outWidth;
  const samplesPerChunk = Math.max(1, Math.floor(PATCH_MATRIX_LIMIT / Math.max(1, taps * pixelsPerSample)));
  const batchMatMul = tf.getKernel('BatchMatMul', 'wasm').kernelFunc;
  const sums = new Float64Array(taps * outChannels);
  for (let first = 0; first < batchSize; first += samplesPerChunk) {
    const samples = Math.min(samplesPerChunk, batchSize - first);
    const pixels = samples * pixelsPerSample;
    // Allocate both operands before taking any heap view: a heap growth detaches views.
    const patches = wasm.makeOutput([1, taps, pixels], 'float32');
    temporaries.push(patches);
    // dY rows of this chunk, copied into a tensor of their own: XNNPACK caches its packed
    // copy of a right operand per tensor id, so it must never see one id with two shapes.
    const gradientRows = wasm.makeOutput([1, pixels, outChannels], 'float32');
    temporaries.push(gradientRows);
    const dyValues = wasm.typedArrayFromHeap(dy) as Float32Array;
    (wasm.typedArrayFromHeap(gradientRows) as Float32Array).set(dyValues.subarray(first * pixelsPerSample * outChannels, (first + samples) * pixelsPerSample * outChannels));
    fillTransposedPatches(wasm.typedArrayFromHeap(x) as Float32Array, wasm.typedArrayFromHeap(patches) as Float32Array, info, first, samples);

    const product = batchMatMul({ inputs: { a: patches, b: gradientRows }, backend: wasm, attrs: { transposeA: false, transposeB: false } }) as tf.TensorInfo;
    const values = wasm.typedArrayFromHeap(product) as Float32Array;
    for (let i = 0; i < sums.length; i++) sums[i] += values[i];
    wasm.disposeData(product.dataId);
  }
  const out = wasm.makeOutput([filterHeight, filterWidth, inChannels, outChannels], 'float32');
  (wasm.typedArrayFromHeap(out) as Float32Array).set(sums);
  return out;
}

/** Pᵀ for samples [first, first + samples): row (fr, fc, c), column (b, y, x); zero where the tap falls in the padding. */
function fillTransposedPatches(x: Float32Array, patches: Float32Array, info: tf.backend_util.Conv2DInfo, first: number, samples: number): void {
  const { inHeight, inWidth, inChannels, outHeight, outWidth, strideHeight, strideWidth, filterHeight, filterWidth } = info;
  const padTop = info.padInfo.top;
  const padLeft = info.padInfo.left;
  const rowStride = inWidth * inChannels;
  const sampleStride = inHeight * rowStride;
  const columnStep = strideWidth * inChannels;
  let out = 0;
  for (let fr = 0; fr < filterHeight; fr++) {
    for (let fc = 0; fc < filterWidth; fc++) {
      for (let c = 0; c < inChannels; c++) {
        for (let b = first; b < first + samples; b++) {
          for (let y = 0; y < outHeight; y++) {
            const xRow = y * strideHeight - padTop + fr;
            if (xRow < 0 || xRow >= inHeight) {
              patches.fill(0, out, out + outWidth);
              out += outWidth;
              continue;
            }
            const rowBase = b * sampleStride + xRow * rowStride + c;
            let xCol = -padLeft + fc;
            let index = rowBase + xCol * inChannels;
            for (let xo = 0; xo < outWidth; xo++, xCol += strideWidth, index += columnStep) {
              patches[out++] = xCol >= 0 && xCol < inWidth ? x[index] : 0;
            }
          }
        }
      }
    }
  }
}
