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

export function depthwiseBackpropFilter(args: KernelArgs): tf.TensorInfo {
  const wasm = args.backend as BackendWasm;
  const x = input(args, 'x');
  const dy = input(args, 'dy');
  const attrs = args.attrs as unknown as DepthwiseAttrs & { filterShape: [number, number, number, number] };
  const info = tf.backend_util.computeConv2DInfo(x.shape as [number, number, number, number], attrs.filterShape, attrs.strides, attrs.dilations, attrs.pad, attrs.dimRoundingMode, true);
  const out = wasm.makeOutput(attrs.filterShape, 'float32');
  const xValues = wasm.typedArrayFromHeap(x) as Float32Array;
  const dyValues = wasm.typedArrayFromHeap(dy) as Float32Array;
  const sums = new Float64Array(attrs.filterShape.reduce((a, b) => a * b, 1));
  forEachTap(info, (xIndex, dyIndex, wIndex) => {
    sums[wIndex] += xValues[xIndex] * dyValues[dyIndex];
  });
  (wasm.typedArrayFromHeap(out) as Float32Array).set(sums);
  return out;
}

export function depthwiseBackpropInput(args: KernelArgs): tf.TensorInfo {
  const wasm = args.backend as BackendWasm;
  const dy = input(args, 'dy');
  const filter = input(args, 'filter');
  const attrs = args.attrs as unknown as DepthwiseAttrs & { inputShape: [number, number, number, number] };
  const info = tf.backend_util.computeConv2DInfo(attrs.inputShape, filter.shape as [number, number, number, number], attrs.strides, attrs.dilations, attrs.pad, attrs.dimRoundingMode, true);
  const out = wasm.makeOutput(attrs.inputShape, 'float32');
  const dyValues = wasm.typedArrayFromHeap(dy) as Float32Array;
  const wValues = wasm.typedArrayFromHeap(filter) as Float32Array;
  const sums = new Float64Array(attrs.inputShape.reduce((a, b) => a * b, 1));
  forEachTap(info, (xIndex, dyIndex, wIndex) => {
    sums[xIndex] += dyValues[dyIndex] * wValues[wIndex];
  });
  (wasm.typedArrayFromHeap(out) as Float32Array).set(sums);
  return out;
}
