// Bias gradients are sums over every axis but the last (a Conv2D's [batch, h, w, channels]
// gradient summed to [channels]). The stock wasm `Sum` reduces only innermost axes, so it
// first transposes the whole gradient (5.5 MB for the example CNN's first layer) to put
// the channels outermost, then sums. This kernel sums the rows in place, in one pass over
// the heap, into float64 accumulators; other reductions go to the stock kernel.
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { input, type KernelArgs } from './kernel-args';

export function sumLeadingAxes(stockSum: tf.KernelFunc): tf.KernelFunc {
  return (args: KernelArgs) => {
    const x = input(args, 'x');
    const { axis, keepDims } = args.attrs as unknown as tf.SumAttrs;
    const axes = tf.util.parseAxisParam(axis, x.shape).sort((a, b) => a - b);
    const leading = axes.length > 0 && axes.length < x.shape.length && axes.every((a, i) => a === i);
    if (x.dtype !== 'float32' || !leading) return stockSum(args);
    const wasm = args.backend as BackendWasm;
    const kept = x.shape.slice(axes.length);
    const width = kept.reduce((a, b) => a * b, 1);
    const outShape = keepDims ? [...axes.map(() => 1), ...kept] : kept;
    // Allocate first: a heap growth would detach views made before it.
    const out = wasm.makeOutput(outShape, 'float32');
    const source = wasm.typedArrayFromHeap(x) as Float32Array;
    const target = wasm.typedArrayFromHeap(out) as Float32Array;
    const totals = new Float64Array(width);
    // Four rows per pass over the accumulators: a quarter of their loads and stores.
    const rows = source.length / width;
    let row = 0;
    for (; row + 4 <= rows; row += 4) {
      const a = row * width, b = a + width, c2 = b + width, d = c2 + width;
      for (let c = 0; c < width; c++) totals[c] += source[a + c] + source[b + c] + (source[c2 + c] + source[d + c]);
    }
    for (; row < rows; row++) {
      for (let c = 0, a = row * width; c < width; c++) totals[c] += source[a + c];
    }
    target.set(totals);
    return out;
  };
}
