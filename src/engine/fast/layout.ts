// NCHW ↔ NHWC for the convolution kernels, which work in NHWC (the layout layers use).
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

/** `x` in NHWC: itself when `dataFormat` is NHWC, else a transposed copy added to `temporaries`. */
export function toChannelsLast(wasm: BackendWasm, x: tf.TensorInfo, dataFormat: 'NHWC' | 'NCHW', temporaries: tf.TensorInfo[]): tf.TensorInfo {
  if (dataFormat === 'NHWC') return x;
  const transposed = tf.getKernel('Transpose', 'wasm').kernelFunc({ inputs: { x }, backend: wasm, attrs: { perm: [0, 2, 3, 1] } }) as tf.TensorInfo;
  temporaries.push(transposed);
  return transposed;
}
