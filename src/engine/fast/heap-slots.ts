// Per-variable optimizer state (Adam's moments) kept in the wasm backend's heap, where the
// SIMD update kernel (simd/adam.c) reads and writes it: an address per variable, zeroed
// when made, freed with the updater.
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { EmscriptenHeap } from './simd/simd-kernels';

export class HeapSlots {
  private readonly slots: { address: number; length: number }[] = [];

  constructor(private readonly backend: BackendWasm) {}

  /** The byte address of slot `index`, `length` floats, made (zeroed) on first use. */
  address(index: number, length: number): number {
    const slot = this.slots[index];
    if (slot !== undefined && slot.length === length) return slot.address;
    const heap = this.heap();
    if (slot !== undefined) heap._free(slot.address);
    const address = heap._malloc(length * Float32Array.BYTES_PER_ELEMENT);
    // HEAPF32 is read after the allocation: a heap growth replaces it.
    this.heap().HEAPF32.fill(0, address / 4, address / 4 + length);
    this.slots[index] = { address, length };
    return address;
  }

  free(): void {
    for (const slot of this.slots) if (slot !== undefined) this.heap()._free(slot.address);
    this.slots.length = 0;
  }

  private heap(): EmscriptenHeap {
    return this.backend.wasm as unknown as EmscriptenHeap;
  }
}
