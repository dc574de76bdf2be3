// `BatchMatMul` of float32 matrices in our SIMD module (simd/kernels.c, matmul): XNNPACK
// repacks its right operand on every call with a new tensor (every training step's), and
// transposed operands needed a JavaScript transpose first (matmul-without-transpose.ts); the
// Dense layers of the example CNN (32x1600 by 1600x64, forward and both gradients) ran at
// about 3-5 GFLOP/s that way. A transposed left operand costs nothing here (it is read
// through strides); a transposed right one is transposed by the module first. Batches that
// broadcast, and other types, go to the fallback.
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { input, type KernelArgs } from './kernel-args';
import { heapAddress, simdKernels } from './simd/simd-kernels';

export function simdBatchMatMul(fallback: tf.KernelFunc): tf.KernelFunc {
  return (args: KernelArgs) => {
    const a = input(args, 'a');
    const b = input(args, 'b');
    const { transposeA, transposeB } = args.attrs as unknown as tf.BatchMatMulAttrs;
    const batchShape = a.shape.slice(0, -2);
    const sameBatches = a.shape.length === b.shape.length && batchShape.every((d, i) => d === b.shape[i]);
    if (a.dtype !== 'float32' || b.dtype !== 'float32' || a.shape.length < 2 || !sameBatches) return fallback(args);
    const wasm = args.backend as BackendWasm;
    const [aRows, aColumns] = a.shape.slice(-2);
    const [bRows, bColumns] = b.shape.slice(-2);
    const [rows, inner] = transposeA ? [aColumns, aRows] : [aRows, aColumns];
    const columns = transposeB ? bRows : bColumns;
    if ((transposeB ? bColumns : bRows) !== inner) return fallback(args); // the stock kernel's message
    const batches = batchShape.reduce((x, y) => x * y, 1);
    const kernels = simdKernels(wasm);
    const out = wasm.makeOutput([...batchShape, rows, columns], 'float32');
    const scratch = transposeB ? wasm.makeOutput([inner, columns], 'float32') : undefined;
    try {
      const [aAt, bAt, outAt] = [heapAddress(wasm, a), heapAddress(wasm, b), heapAddress(wasm, out)];
      for (let i = 0; i < batches; i++) {
        let right = bAt + 4 * i * inner * columns;
        if (scratch) {
          kernels.transpose(right, heapAddress(wasm, scratch), columns, inner);
          right = heapAddress(wasm, scratch);
        }
        // A(m, k) at m·aRow + k·aColumn: row-major [rows, inner], or [inner, rows] when transposed.
        const [aRow, aColumn] = transposeA ? [1, rows] : [inner, 1];
        kernels.matmul(aAt + 4 * i * rows * inner, right, outAt + 4 * i * rows * columns, rows, columns, inner, aRow, aColumn);
      }
    } finally {
      if (scratch) wasm.disposeData(scratch.dataId);
    }
    return out;
  };
}
