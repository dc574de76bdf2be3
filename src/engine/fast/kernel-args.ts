// Shared helpers of the replacement wasm kernels.
import type * as tf from '@tensorflow/tfjs';

export type KernelArgs = Parameters<tf.KernelFunc>[0];

/** The named input of a kernel call; tfjs always passes them, so a missing one is a bug. */
export function input(args: KernelArgs, name: string): tf.TensorInfo {
  const tensor = args.inputs[name];
  if (tensor === undefined) throw new Error(`kernel input '${name}' is missing`);
  return tensor;
}
