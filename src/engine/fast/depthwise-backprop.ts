// The two gradients of a depthwise convolution (DepthwiseConv2D, and the first half of
// SeparableConv2D) are not registered for wasm in tfjs 4.22; these JavaScript kernels
// compute them on the backend's memory. With filter W[fr, fc, c, q] (channel multiplier q):
//   y[b, oy, ox, c·m + q] = Σ_{fr, fc} x[b, oy·s − pad + fr·d, ox·s − pad + fc·d, c] · W[fr, fc, c, q]
// Each output value's window is visited once and both sums are accumulated in doubles.
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { input, type KernelArgs } from './kernel-args';

interface DepthwiseAttrs {
  strides: [number, number] | number;
  dilations: [number, number] | number;
  pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

/** Calls `visit(xIndex, dyIndex, wIndex)` for every (input value, output value, filter value) triple of the convolution. */
function forEachTap(info: tf.backend_util.Conv2DInfo, visit: (xIndex: number, dyIndex: number, wIndex: number) => void): void {
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, strideHeight, strideWidth, dilationHeight, dilationWidth, filterHeight, filterWidth } = info;
  const multiplier = info.outChannels / inChannels;
  const padTop = info.padInfo.top;
  const padLeft = info.padInfo.left;
  let dyBase = 0;
  for (let b = 0; b < batchSize; b++) {
    for (let oy = 0; oy < outHeight; oy++) {
      for (let ox = 0; ox < outWidth; ox++, dyBase += info.outChannels) {
        for (let fr = 0; fr < filterHeight; fr++) {
          const iy = oy * strideHeight - padTop + fr * dilationHeight;
          if (iy < 0 || iy >= inHeight) continue;
          for (let fc = 0; fc < filterWidth; fc++) {
            const ix = ox * strideWidth - padLeft + fc * dilationWidth;
            if (ix < 0 || ix >= inWidth) continue;
            const xBase = ((b * inHeight + iy) * inWidth + ix) * inChannels;
            const wBase = (fr * filterWidth + fc) * inChannels * multiplier;
            for (let c = 0; c < inChannels; c++) {
              for (let q = 0; q < multiplier; q++) visit(xBase + c, dyBase + c * multiplier + q, wBase + c * multiplier + q);
            }
          }
        }
      }
    }
  }
}

type Shape4 = [number, number, number, number];

function depthwiseInfo(inputShape: Shape4, filterShape: Shape4, attrs: DepthwiseAttrs): tf.backend_util.Conv2DInfo {
  return tf.backend_util.computeConv2DInfo(inputShape, filterShape, attrs.strides, attrs.dilations, attrs.pad, attrs.dimRoundingMode, true);
}

/** A float32 output of `shape` filled by `accumulate` from the heap values of `a` and `b`, summed in doubles. */
function sumIntoOutput(wasm: BackendWasm, shape: Shape4, a: tf.TensorInfo, b: tf.TensorInfo, accumulate: (sums: Float64Array, a: Float32Array, b: Float32Array) => void): tf.TensorInfo {
  const out = wasm.makeOutput(shape, 'float32');
  const sums = new Float64Array(shape.reduce((x, y) => x * y, 1));
  accumulate(sums, wasm.typedArrayFromHeap(a) as Float32Array, wasm.typedArrayFromHeap(b) as Float32Array);
  (wasm.typedArrayFromHeap(out) as Float32Array).set(sums);
  return out;
}

/** dW[w] = Σ x[x] · dy[dy] over the taps that use filter value w. */
export function depthwiseBackpropFilter(args: KernelArgs): tf.TensorInfo {
  const x = input(args, 'x');
  const dy = input(args, 'dy');
  const attrs = args.attrs as unknown as DepthwiseAttrs & { filterShape: Shape4 };
  const info = depthwiseInfo(x.shape as Shape4, attrs.filterShape, attrs);
  return sumIntoOutput(args.backend as BackendWasm, attrs.filterShape, x, dy, (sums, xValues, dyValues) =>
    forEachTap(info, (xIndex, dyIndex, wIndex) => {
      sums[wIndex] += xValues[xIndex] * dyValues[dyIndex];
    }),
  );
}

/** dx[x] = Σ dy[dy] · W[w] over the taps that read input value x. */
export function depthwiseBackpropInput(args: KernelArgs): tf.TensorInfo {
  const dy = input(args, 'dy');
  const filter = input(args, 'filter');
  const attrs = args.attrs as unknown as DepthwiseAttrs & { inputShape: Shape4 };
  const info = depthwiseInfo(attrs.inputShape, filter.shape as Shape4, attrs);
  return sumIntoOutput(args.backend as BackendWasm, attrs.inputShape, dy, filter, (sums, dyValues, wValues) =>
    forEachTap(info, (xIndex, dyIndex, wIndex) => {
      sums[xIndex] += dyValues[dyIndex] * wValues[wIndex];
    }),
  );
}
