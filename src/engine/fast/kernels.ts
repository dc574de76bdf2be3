// Kernel fixes for the tfjs wasm backend (tfjs 4.22), each measured on this project's
// models (see docs/performance.md):
//   BatchMatMul                float32, same batches: SIMD matrix product (simd/); else as _FusedMatMul
//   _FusedMatMul               transposed operands go through XNNPACK, not a scalar loop
//   Slice, GatherV2            copy only what they return, not the whole source tensor
//   Identity                   shares data (as the cpu backend does) instead of copying
//   Sum                        over leading axes (bias gradients) without a transpose first (SIMD, simd/)
//   MaxPoolGrad                one pass per window instead of the slow stock kernel (SIMD, simd/)
//   Conv2DBackpropFilter       missing on wasm: one implicit matrix product (SIMD, simd/)
//   Conv2D                     NHWC: one implicit matrix product (SIMD, simd/), 1.3-2x XNNPACK's
//   Conv2DBackpropInput        stride 1: the SIMD convolution of the flipped filter; else XNNPACK
//                              matmul + col2im (both instead of the slow stock loop)
//   Add, Sub, Multiply,        float32 with a vector over the last axes: SIMD (simd/)
//     RealDiv
//   Tile                       float32/int32: block copies (simd/tile.c) instead of an index per element
//   DepthwiseConv2dNative-     missing on wasm (DepthwiseConv2D, SeparableConv2D):
//     BackpropFilter/Input     JavaScript loops
import * as tf from '@tensorflow/tfjs';
import { simdBatchMatMul } from './batch-matmul';
import { conv2DChannelsLast } from './conv2d';
import { conv2DBackpropFilter } from './conv2d-backprop-filter';
import { conv2DBackpropInput } from './conv2d-backprop-input';
import { depthwiseBackpropFilter, depthwiseBackpropInput } from './depthwise-backprop';
import { elementwiseOnRows, type ElementwiseKernel } from './elementwise';
import { gatherFromHeap } from './gather-from-heap';
import { identitySharingData } from './identity-shared';
import { withoutTransposeFlags } from './matmul-without-transpose';
import { maxPoolGrad } from './max-pool-grad';
import { sliceFromHeap } from './slice-from-heap';
import { sumLeadingAxes } from './sum-leading-axes';
import { tileByBlocks } from './tile';

let installed = false;

/**
 * Registers the kernels above for the wasm backend. Idempotent. Needs
 * `@tensorflow/tfjs-backend-wasm` imported (it registers the stock kernels we wrap); the
 * stock setup functions are kept, so it works before or after the backend initialises.
 */
export function installWasmKernelFixes(): void {
  if (installed) return;
  if (tf.getKernel('BatchMatMul', 'wasm') == null) throw new Error('installWasmKernelFixes: @tensorflow/tfjs-backend-wasm is not loaded');
  replaceKernel('BatchMatMul', (stock) => simdBatchMatMul(withoutTransposeFlags(stock)));
  replaceKernel('_FusedMatMul', withoutTransposeFlags);
  replaceKernel('Slice', sliceFromHeap);
  replaceKernel('GatherV2', gatherFromHeap);
  replaceKernel('Identity', identitySharingData);
  replaceKernel('Sum', sumLeadingAxes);
  replaceKernel('Tile', tileByBlocks);
  for (const name of ['Add', 'Sub', 'Multiply', 'RealDiv'] satisfies ElementwiseKernel[]) replaceKernel(name, elementwiseOnRows(name));
  replaceKernel('MaxPoolGrad', () => maxPoolGrad);
  replaceKernel('Conv2D', conv2DChannelsLast);
  replaceKernel('Conv2DBackpropInput', () => conv2DBackpropInput);
  addKernel('Conv2DBackpropFilter', conv2DBackpropFilter);
  addKernel('DepthwiseConv2dNativeBackpropFilter', depthwiseBackpropFilter);
  addKernel('DepthwiseConv2dNativeBackpropInput', depthwiseBackpropInput);
  installed = true;
}

/** Swaps a stock wasm kernel for a new one made from it, keeping its setup function. */
function replaceKernel(name: string, make: (stock: tf.KernelFunc) => tf.KernelFunc): void {
  const stock = tf.getKernel(name, 'wasm');
  tf.unregisterKernel(name, 'wasm');
  tf.registerKernel({ ...stock, kernelFunc: make(stock.kernelFunc) });
}

/** Registers a kernel tfjs-backend-wasm lacks (unless a later tfjs version has it). */
function addKernel(name: string, kernelFunc: tf.KernelFunc): void {
  if (tf.getKernel(name, 'wasm') == null) tf.registerKernel({ kernelName: name, backendName: 'wasm', kernelFunc });
}
