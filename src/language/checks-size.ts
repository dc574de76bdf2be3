// Absurd sizes: a warning, with the figure, when the parameter count or the activation memory
// of one training batch passes its limit (settings `dnn.limits.maxParams` and
// `dnn.limits.maxActivationBytes`).
import type { LayerState } from './analyze-layers';
import type { Reporter } from './report';
import { formatBytes, formatCount, sampleSize } from './shapes';
import { judgeTrainingMemory, trainingMemory, WASM_HEAP_BYTES } from './training-memory';
import type { ModelSpec, Range } from './types';

/** The limit `dnn train` holds a model to on its default backend, wasm. */
export const wasmMemoryLimit = { bytes: WASM_HEAP_BYTES, what: 'the wasm backend can grow its memory to' } as const;

export const defaultLimits = { maxParams: 50_000_000, maxActivationBytes: 2 * 1024 ** 3 } as const;

/** float32 */
const bytesPerValue = 4;

export function checkSizes(
  states: readonly LayerState[],
  totalParams: number,
  batchSize: number,
  optimizer: ModelSpec['compile']['optimizer'] | undefined,
  limits: { maxParams: number; maxActivationBytes: number },
  at: Range,
  reporter: Reporter,
): void {
  // What `dnn train` refuses on wasm, said here first with the same figure and advice; it
  // covers the two limits below, so they are not repeated.
  const tensors = states.flatMap(({ layer }) => (layer.outputShape ? [{ name: layer.name, shape: layer.outputShape, params: layer.params ?? 0 }] : []));
  const verdict = judgeTrainingMemory(trainingMemory(tensors, optimizer ?? { name: 'adam', args: {} }, batchSize), wasmMemoryLimit);
  if (verdict?.kind === 'too-large') {
    reporter.report('tooMuchTrainingMemory', `${verdict.message}; dnn train refuses it on the wasm backend`, at);
    return;
  }
  if (totalParams > limits.maxParams) {
    reporter.report(
      'tooManyParams',
      `the model has ${formatCount(totalParams)} parameters, above the limit of ${formatCount(limits.maxParams)} (dnn.limits.maxParams): training would be very slow and need ${formatBytes(totalParams * bytesPerValue * 4)} or more for weights, gradients and optimizer state`,
      at,
    );
  }
  let values = 0;
  for (const state of states) {
    const shape = state.layer.outputShape;
    if (shape) values += sampleSize(shape) ?? 0;
  }
  const bytes = values * batchSize * bytesPerValue;
  if (bytes > limits.maxActivationBytes) {
    reporter.report(
      'tooMuchActivationMemory',
      `one batch of ${formatCount(batchSize)} needs about ${formatBytes(bytes)} for its activations (float32), above the limit of ${formatBytes(limits.maxActivationBytes)} (dnn.limits.maxActivationBytes); use a smaller batch_size or smaller layers`,
      at,
    );
  }
}
