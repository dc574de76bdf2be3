// The stock wasm `MaxPoolGrad` took ~22 ms for the small CNN's 128x26x26x16 activations,
// a third of a training step. This kernel finds each window's maximum once and adds the
// window's gradient there, walking channels innermost (contiguous in NHWC). Ties go to
// the first maximum in window order and NaN never wins, as in tfjs's cpu backend.
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { input, type KernelArgs } from './kernel-args';

export function maxPoolGrad(args: KernelArgs): tf.TensorInfo {
  const wasm = args.backend as BackendWasm;
  const x = input(args, 'input');
  const dy = input(args, 'dy');
  const { filterSize, strides, pad, dimRoundingMode } = args.attrs as unknown as tf.MaxPoolGradAttrs;
  const info = tf.backend_util.computePool2DInfo(x.shape as [number, number, number, number], filterSize, strides, 1, pad, dimRoundingMode);
  const { batchSize, inHeight, inWidth, inChannels: channels, outHeight, outWidth, strideHeight, strideWidth, filterHeight, filterWidth } = info;
  const padTop = info.padInfo.top;
  const padLeft = info.padInfo.left;

  // Allocate first: a heap growth would detach views made before it.
  const out = wasm.makeOutput(x.shape, 'float32');
  const xValues = wasm.typedArrayFromHeap(x) as Float32Array;
  const dyValues = wasm.typedArrayFromHeap(dy) as Float32Array;
  const dx = wasm.typedArrayFromHeap(out) as Float32Array;
  dx.fill(0);
  const best = new Float32Array(channels);
  const bestAt = new Int32Array(channels);
  let dyIndex = 0;
  for (let b = 0; b < batchSize; b++) {
    const sampleBase = b * inHeight * inWidth * channels;
    for (let yo = 0; yo < outHeight; yo++) {
      const rowStart = yo * strideHeight - padTop;
      const rowFrom = Math.max(0, rowStart);
      const rowTo = Math.min(inHeight, rowStart + filterHeight);
      for (let xo = 0; xo < outWidth; xo++, dyIndex += channels) {
        const colStart = xo * strideWidth - padLeft;
        const colFrom = Math.max(0, colStart);
        const colTo = Math.min(inWidth, colStart + filterWidth);
        best.fill(-Infinity);
        bestAt.fill(-1);
        for (let row = rowFrom; row < rowTo; row++) {
          for (let col = colFrom; col < colTo; col++) {
            const base = sampleBase + (row * inWidth + col) * channels;
            for (let c = 0; c < channels; c++) {
              const value = xValues[base + c];
              if (value > best[c]) {
                best[c] = value;
                bestAt[c] = base + c;
              }
            }
          }
        }
        for (let c = 0; c < channels; c++) {
          if (bestAt[c] >= 0) dx[bestAt[c]] += dyValues[dyIndex + c];
        }
      }
    }
  }
  return out;
}
