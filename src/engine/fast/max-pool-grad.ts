// The stock wasm `MaxPoolGrad` took ~22 ms for the small CNN's 128x26x26x16 activations,
// a third of a training step. This kernel (simd/kernels.c) finds each window's maximum
// once and puts the window's gradient there: four channels at a time for the usual
// MaxPooling2D(2) (2x2 windows, stride 2, no padding), one at a time for any other window.
// Ties go to the first maximum in window order and NaN or -Infinity never wins, as in
// tfjs's cpu backend.
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { input, type KernelArgs } from './kernel-args';
import { heapAddress, simdKernels } from './simd/simd-kernels';

export function maxPoolGrad(args: KernelArgs): tf.TensorInfo {
  const wasm = args.backend as BackendWasm;
  const x = input(args, 'input');
  const dy = input(args, 'dy');
  const { filterSize, strides, pad, dimRoundingMode } = args.attrs as unknown as tf.MaxPoolGradAttrs;
  const info = tf.backend_util.computePool2DInfo(x.shape as [number, number, number, number], filterSize, strides, 1, pad, dimRoundingMode);
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, strideHeight, strideWidth, filterHeight, filterWidth } = info;
  const { top, left } = info.padInfo;
  const kernels = simdKernels(wasm);
  const out = wasm.makeOutput(x.shape, 'float32');
  const [xAt, dyAt, dxAt] = [heapAddress(wasm, x), heapAddress(wasm, dy), heapAddress(wasm, out)];
  const whole2x2 = filterHeight === 2 && filterWidth === 2 && strideHeight === 2 && strideWidth === 2 && top === 0 && left === 0 && 2 * outHeight <= inHeight && 2 * outWidth <= inWidth;
  if (whole2x2) kernels.max_pool_grad_2x2(xAt, dyAt, dxAt, batchSize, inHeight, inWidth, inChannels, outHeight, outWidth);
  else kernels.max_pool_grad(xAt, dyAt, dxAt, batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, filterHeight, filterWidth, strideHeight, strideWidth, top, left);
  return out;
}
