// `Tile` of 4-byte elements (float32, int32) up to rank 6 in our SIMD module (simd/tile.c):
// each source row copied once, the repetitions as block copies, where the stock wasm kernel
// computed every output element's source index (75 ms of a 150 ms step of a small
// BatchNormalization model). Other types and ranks go to the stock kernel.
import type * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { input, type KernelArgs } from './kernel-args';
import { heapAddress, simdKernels } from './simd/simd-kernels';

const RANK = 6;

export function tileByBlocks(stockTile: tf.KernelFunc): tf.KernelFunc {
  return (args: KernelArgs) => {
    const x = input(args, 'x');
    const { reps } = args.attrs as unknown as tf.TileAttrs;
    const rank = x.shape.length;
    if ((x.dtype !== 'float32' && x.dtype !== 'int32') || rank > RANK || reps.length !== rank) return stockTile(args);
    const wasm = args.backend as BackendWasm;
    const outShape = x.shape.map((size, i) => size * reps[i]);
    const out = wasm.makeOutput(outShape, x.dtype);
    if (outShape.some((size) => size === 0)) return out;
    // Rank 6, with leading axes of size 1.
    const padded = (values: number[]) => [...new Array<number>(RANK - rank).fill(1), ...values];
    const [s0, s1, s2, s3, s4, s5] = padded(x.shape);
    const [r0, r1, r2, r3, r4, r5] = padded(reps);
    simdKernels(wasm).tile(heapAddress(wasm, x), heapAddress(wasm, out), s0, s1, s2, s3, s4, s5, r0, r1, r2, r3, r4, r5);
    return out;
  };
}
