// Kernel fixes for the tfjs wasm backend (tfjs 4.22): fast transposed matmuls, Slice and
// Gather that copy only what they return, an Identity that shares data instead of copying
// it, and the missing Conv2D filter gradient. Install once, after the wasm backend is initialised.
import * as tf from '@tensorflow/tfjs';
import { conv2DBackpropFilter } from './conv2d-backprop-filter';
import { withoutTransposeFlags } from './matmul-without-transpose';
import { sliceFromHeap } from './slice-from-heap';
import { gatherFromHeap } from './gather-from-heap';
import { identitySharingData } from './identity-shared';

let installed = false;

/**
 * Re-registers the wasm `BatchMatMul` and `_FusedMatMul` kernels so transposed operands go
 * through XNNPACK, `Slice` and `GatherV2` so they copy only what they return, `Identity` so
 * it shares data, and registers a JavaScript `Conv2DBackpropFilter` for wasm. Idempotent.
 * Needs `@tensorflow/tfjs-backend-wasm` imported (it registers the stock kernels we wrap);
 * the stock setup functions are kept, so it works before or after the backend initialises.
 */
export function installWasmKernelFixes(): void {
  if (installed) return;
  if (tf.getKernel('BatchMatMul', 'wasm') == null) throw new Error('installWasmKernelFixes: @tensorflow/tfjs-backend-wasm is not loaded');
  replaceKernel('BatchMatMul', withoutTransposeFlags);
  replaceKernel('_FusedMatMul', withoutTransposeFlags);
  replaceKernel('Slice', sliceFromHeap);
  replaceKernel('GatherV2', gatherFromHeap);
  replaceKernel('Identity', identitySharingData);
  if (tf.getKernel('Conv2DBackpropFilter', 'wasm') == null) {
    tf.registerKernel({ kernelName: 'Conv2DBackpropFilter', backendName: 'wasm', kernelFunc: conv2DBackpropFilter });
  }
  installed = true;
}

/** Swaps a stock wasm kernel for a wrapper of it, keeping its setup function. */
function replaceKernel(name: string, wrap: (stock: tf.KernelFunc) => tf.KernelFunc): void {
  const stock = tf.getKernel(name, 'wasm');
  tf.unregisterKernel(name, 'wasm');
  tf.registerKernel({ ...stock, kernelFunc: wrap(stock.kernelFunc) });
}
