// Base of the fused optimizers: one plain-JavaScript pass over each variable's values and
// gradient instead of ~15 tfjs ops per variable (each op costs engine bookkeeping that
// dominates for small models). New values always go into a NEW tensor assigned to the
// variable, never written in place on the wasm heap: XNNPACK caches packed weights per
// tensor id and would keep using the stale ones. On wasm the pass reads the weights and
// the gradient straight from the heap and writes the new tensor's memory: no copies; an
// updater with a SIMD kernel (Adam: simd/adam.c) runs that instead (`updateByKernel`).
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { WeightUpdater } from '../optimizer';
import { heapAddress } from './simd/simd-kernels';

export abstract class FusedUpdater implements WeightUpdater {
  /**
   * Writes the updated `weights` of variable `index` into `out` (same length). The
   * arithmetic follows the tfjs optimizer (see each subclass for how exactly).
   */
  protected abstract updateValues(index: number, weights: Float32Array, gradient: Float32Array, out: Float32Array): void;

  /** Called once per `apply`, after every variable has been updated (step counters). */
  protected afterStep(): void {}

  apply(variables: tf.Variable[], grads: tf.Tensor[]): void {
    if (variables.length !== grads.length) {
      throw new Error(`fused optimizer: ${variables.length} variables but ${grads.length} gradients`);
    }
    const wasm = tf.getBackend() === 'wasm' ? (tf.backend() as BackendWasm) : undefined;
    variables.forEach((variable, index) => {
      const gradient = grads[index];
      // tfjs optimizers skip a variable without a gradient; so do we.
      if (gradient == null) return;
      const updated = wasm ? this.updateOnHeap(wasm, index, variable, gradient) : this.updateInArrays(index, variable, gradient);
      variable.assign(updated);
      updated.dispose();
    });
    this.afterStep();
  }

  /**
   * The update of variable `index` by a SIMD kernel on the wasm heap (byte addresses of the
   * weights, the gradient and the new values, `length` floats each), for the updaters that
   * have one: true when done, false to take `updateValues` over heap views instead.
   */
  protected updateByKernel(_wasm: BackendWasm, _index: number, _weights: number, _gradient: number, _out: number, _length: number): boolean {
    return false;
  }

  private updateOnHeap(wasm: BackendWasm, index: number, variable: tf.Variable, gradient: tf.Tensor): tf.Tensor {
    // Allocate first: a heap growth would detach views made before it.
    const info = wasm.makeOutput(variable.shape, 'float32');
    if (!this.updateByKernel(wasm, index, heapAddress(wasm, variable), heapAddress(wasm, gradient), heapAddress(wasm, info), variable.size)) {
      this.updateValues(index, wasm.typedArrayFromHeap(variable) as Float32Array, wasm.typedArrayFromHeap(gradient) as Float32Array, wasm.typedArrayFromHeap(info) as Float32Array);
    }
    return tf.engine().makeTensorFromTensorInfo(info);
  }

  private updateInArrays(index: number, variable: tf.Variable, gradient: tf.Tensor): tf.Tensor {
    // Read-only: on the cpu backend dataSync() returns the backend's own arrays.
    const weights = variable.dataSync() as Float32Array;
    const out = new Float32Array(weights.length);
    this.updateValues(index, weights, gradient.dataSync() as Float32Array, out);
    return tf.tensor(out, variable.shape, 'float32');
  }

  dispose(): void {}
}

/** Per-variable state (moments, accumulators) as Float32Arrays, created on first use. */
export class SlotArrays {
  private readonly slots: Float32Array[] = [];

  get(index: number, length: number): Float32Array {
    let slot = this.slots[index];
    if (slot === undefined || slot.length !== length) {
      slot = new Float32Array(length);
      this.slots[index] = slot;
    }
    return slot;
  }
}
