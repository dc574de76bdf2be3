// `BatchMatMul` of one matrix pair (what a Dense layer's forward and backward passes ask for
// under tfjs autodiff) through the Dense fast path's SIMD kernels (simd/dense.c), which
// skip the left operand's zero entries (a ReLU's outputs, a max-pool's gradient) and need
// no transposed copy:
//   a · b       dense_forward          (a's rows against b's rows)
//   aᵀ · b      dense_weight_gradient  (the weight gradient xᵀ · dy)
//   a · bᵀ      dense_input_gradient   (the input gradient dy · Wᵀ)
// Batched products, aᵀ · bᵀ, integer operands and large products (where XNNPACK's packed,
// cache-blocked product is faster than these row-at-a-time kernels) go to the next kernel.
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { input, type KernelArgs } from './kernel-args';
import { heapAddress, simdKernels } from './simd/simd-kernels';

/** Above this many multiply-adds a product goes to XNNPACK (the example CNN's largest Dense product is 3.3 M). */
const LARGEST_PRODUCT = 16 * 1024 * 1024;

export function withSimdMatMul(next: tf.KernelFunc): tf.KernelFunc {
  return (args: KernelArgs) => {
    const a = input(args, 'a');
    const b = input(args, 'b');
    const transposeA = Boolean(args.attrs?.transposeA);
    const transposeB = Boolean(args.attrs?.transposeB);
    if (a.dtype !== 'float32' || b.dtype !== 'float32' || (transposeA && transposeB)) return next(args);
    const [aRows, aColumns] = lastTwo(a);
    const [bRows, bColumns] = lastTwo(b);
    if (batchOf(a) !== 1 || batchOf(b) !== 1) return next(args);
    const [m, k] = transposeA ? [aColumns, aRows] : [aRows, aColumns];
    const n = transposeB ? bRows : bColumns;
    if ((transposeB ? bColumns : bRows) !== k || m * n * k > LARGEST_PRODUCT) return next(args);

    const wasm = args.backend as BackendWasm;
    const kernels = simdKernels(wasm);
    const out = wasm.makeOutput([...a.shape.slice(0, -2), m, n], 'float32');
    const address = (info: tf.TensorInfo) => heapAddress(wasm, info);
    if (transposeB) {
      kernels.dense_input_gradient(address(a), m, k, address(b), n, 0, 0, address(out));
      return out;
    }
    // Scratch for a row's nonzero entries: their weight-row offsets and values.
    const width = transposeA ? m : k;
    const offsets = wasm.makeOutput([width], 'int32');
    const values = wasm.makeOutput([width], 'float32');
    try {
      if (transposeA) kernels.dense_weight_gradient(address(a), k, m, address(b), n, address(out), 0, address(offsets), address(values));
      else kernels.dense_forward(address(a), m, k, address(b), 0, n, address(out), 0, address(offsets), address(values));
    } finally {
      wasm.disposeData(offsets.dataId);
      wasm.disposeData(values.dataId);
    }
    return out;
  };
}

function lastTwo(x: tf.TensorInfo): [number, number] {
  const rank = x.shape.length;
  return [x.shape[rank - 2], x.shape[rank - 1]];
}

function batchOf(x: tf.TensorInfo): number {
  return x.shape.slice(0, -2).reduce((a, b) => a * b, 1);
}
