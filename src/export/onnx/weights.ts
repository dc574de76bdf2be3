// tfjs weights rearranged for ONNX operators: an N-dimensional transpose (HWIO kernels to
// OIHW, ...) and the gate reordering of recurrent layers.
import type { WeightTensor } from '../types';

export interface Arranged {
  dims: number[];
  data: Float32Array;
}

/** `weight` with its axes in the order `perm` (`perm[i]` is the source axis of axis i). */
export function transposed(weight: Arranged | WeightTensor, perm: number[]): Arranged {
  const source = 'dims' in weight ? weight.dims : weight.shape;
  const dims = perm.map((axis) => source[axis]);
  const sourceStrides = strides(source);
  const data = new Float32Array(weight.data.length);
  const index = new Array<number>(dims.length).fill(0);
  for (let out = 0; out < data.length; out++) {
    let from = 0;
    for (let i = 0; i < dims.length; i++) from += index[i] * sourceStrides[perm[i]];
    data[out] = weight.data[from];
    for (let i = dims.length - 1; i >= 0; i--) {
      if (++index[i] < dims[i]) break;
      index[i] = 0;
    }
  }
  return { dims, data };
}

function strides(dims: number[]): number[] {
  const result = new Array<number>(dims.length).fill(1);
  for (let i = dims.length - 2; i >= 0; i--) result[i] = result[i + 1] * dims[i + 1];
  return result;
}

/**
 * Reorders the gate blocks of a recurrent weight along its last axis: tfjs concatenates the
 * gates (`units` columns each) in Keras's order, ONNX wants `order` (indices into Keras's).
 */
export function reorderGates(weight: Arranged, units: number, order: number[]): Arranged {
  const columns = weight.dims[weight.dims.length - 1];
  const rows = weight.data.length / columns;
  const data = new Float32Array(weight.data.length);
  for (let row = 0; row < rows; row++) {
    order.forEach((gate, position) => {
      data.set(weight.data.subarray(row * columns + gate * units, row * columns + (gate + 1) * units), row * columns + position * units);
    });
  }
  return { dims: weight.dims, data };
}
