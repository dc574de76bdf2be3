// Base of the fused optimizers: one plain-JavaScript pass over each variable's values and
// gradient instead of ~15 tfjs ops per variable (each op costs engine bookkeeping that
// dominates for small models). New values always go into a NEW tensor assigned to the
// variable, never written in place on the wasm heap: XNNPACK caches packed weights per
// tensor id and would keep using the stale ones.
import * as tf from '@tensorflow/tfjs';
import type { WeightUpdater } from '../optimizer';

export abstract class FusedUpdater implements WeightUpdater {
  /**
   * Updates `values` (a fresh copy of variable `index`'s values) in place from its
   * gradient. The arithmetic mirrors the tfjs optimizer op for op, rounding to float32
   * after each one (`Math.fround`), so results match tfjs on a float32 backend.
   */
  protected abstract updateValues(index: number, values: Float32Array, gradient: Float32Array): void;

  /** Called once per `apply`, after every variable has been updated (step counters). */
  protected afterStep(): void {}

  apply(variables: tf.Variable[], grads: tf.Tensor[]): void {
    if (variables.length !== grads.length) {
      throw new Error(`fused optimizer: ${variables.length} variables but ${grads.length} gradients`);
    }
    variables.forEach((variable, index) => {
      const gradient = grads[index];
      // tfjs optimizers skip a variable without a gradient; so do we.
      if (gradient == null) return;
      // A copy (a memcpy): on the cpu backend dataSync() returns the backend's own array.
      const values = (variable.dataSync() as Float32Array).slice();
      this.updateValues(index, values, gradient.dataSync() as Float32Array);
      const updated = tf.tensor(values, variable.shape, 'float32');
      variable.assign(updated);
      updated.dispose();
    });
    this.afterStep();
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
