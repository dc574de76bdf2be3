// tfjs saves every tensor a gradient needs by cloning it (`Identity`), about 30 times per
// training step of a small MLP. The stock wasm `Identity` allocates and copies (the
// 128x784 input batch among them); the cpu backend instead shares the data and bumps its
// reference count, which is safe because tensor data is never modified in place (variables
// swap in new data on `assign`). This kernel does the same on wasm.
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { input, type KernelArgs } from './kernel-args';

export function identitySharingData(stockIdentity: tf.KernelFunc): tf.KernelFunc {
  return (args: KernelArgs) => {
    const x = input(args, 'x');
    // String tensors do not live on the heap; the stock kernel handles them.
    if (x.dtype === 'string') return stockIdentity(args);
    (args.backend as BackendWasm).incRef(x.dataId);
    return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
  };
}
