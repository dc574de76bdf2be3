// Bias gradients are sums over every axis but the last (a Conv2D's [batch, h, w, channels]
// gradient summed to [channels]). The stock wasm `Sum` reduces only innermost axes, so it
// first transposes the whole gradient (5.5 MB for the example CNN's first layer) to put
// the channels outermost, then sums. This kernel (simd/kernels.c, sum_rows) sums the rows
// in place, in one pass over the heap, into float64 accumulators; other reductions go to
// the stock kernel.
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { input, type KernelArgs } from './kernel-args';
import { heapAddress, simdKernels } from './simd/simd-kernels';

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
    const rows = x.shape.slice(0, axes.length).reduce((a, b) => a * b, 1);
    const out = wasm.makeOutput(keepDims ? [...axes.map(() => 1), ...kept] : kept, 'float32');
    simdKernels(wasm).sum_rows(heapAddress(wasm, x), heapAddress(wasm, out), rows, width);
    return out;
  };
}
