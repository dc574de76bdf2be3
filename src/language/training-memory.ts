// What training a model needs in memory, from its shapes alone: the weights, one gradient per
// weight, the optimizer's state (the catalogue says how many tensors of the weights' size it
// keeps) and one batch of activations (every tensor of the graph, kept for the backward pass,
// and its gradient). One function for the check's warning (checks-size.ts) and the engine's
// refusal before a run starts, so the editor, `dnn check` and `dnn train` give the same figure.
import { findOptimizer } from './catalogue';
import { formatBytes, formatCount, sampleSize } from './shapes';
import type { Shape } from './types';

/** float32 */
const bytesPerValue = 4;

/**
 * The most the wasm backend's heap can grow to: tfjs-backend-wasm 4.22 is built with a
 * 65536-page maximum, and Emscripten's getHeapMax() stops one page short: 4 GiB - 64 KiB.
 */
export const WASM_HEAP_BYTES = 4_294_901_760;

/** A model's training is reported as large (a warning, it still trains) from this figure up. */
export const LARGE_TRAINING_BYTES = 1024 ** 3;

/** One tensor of the graph: the input or a layer's output, with the layer's parameter count. */
export interface TensorSize {
  name: string;
  shape: Shape;
  params: number;
}

export interface TrainingMemory {
  parameters: number;
  batchSize: number;
  optimizer: string;
  weightBytes: number;
  gradientBytes: number;
  optimizerBytes: number;
  /** One batch: every tensor of the graph and its gradient. */
  activationBytes: number;
  totalBytes: number;
  /** The layer with the most parameters and the one with the largest output, for the advice. */
  largestLayer?: TensorSize;
  largestOutput?: TensorSize;
}

export function trainingMemory(tensors: readonly TensorSize[], optimizer: { name: string; args: Record<string, number | boolean> }, batchSize: number): TrainingMemory {
  let parameters = 0;
  let values = 0;
  let largestLayer: TensorSize | undefined;
  let largestOutput: TensorSize | undefined;
  for (const tensor of tensors) {
    parameters += tensor.params;
    values += sampleSize(tensor.shape) ?? 0;
    if (tensor.params > (largestLayer?.params ?? 0)) largestLayer = tensor;
    if ((sampleSize(tensor.shape) ?? 0) > (largestOutput ? (sampleSize(largestOutput.shape) ?? 0) : 0)) largestOutput = tensor;
  }
  const slots = findOptimizer(optimizer.name)?.stateSlots(optimizer.args) ?? 2;
  const weightBytes = parameters * bytesPerValue;
  const activationBytes = 2 * values * batchSize * bytesPerValue;
  return {
    parameters,
    batchSize,
    optimizer: optimizer.name,
    weightBytes,
    gradientBytes: weightBytes,
    optimizerBytes: slots * weightBytes,
    activationBytes,
    totalBytes: weightBytes * (2 + slots) + activationBytes,
    largestLayer,
    largestOutput,
  };
}

/** "about 2.8 GiB (weights 607.5 MiB, gradients 607.5 MiB, adam state 1.2 GiB, one batch of 128: 196.6 MiB)". */
export function describeTrainingMemory(memory: TrainingMemory): string {
  const parts = [`weights ${formatBytes(memory.weightBytes)}`, `gradients ${formatBytes(memory.gradientBytes)}`];
  if (memory.optimizerBytes > 0) parts.push(`${memory.optimizer} state ${formatBytes(memory.optimizerBytes)}`);
  parts.push(`one batch of ${formatCount(memory.batchSize)}: ${formatBytes(memory.activationBytes)}`);
  return `about ${formatBytes(memory.totalBytes)} (${parts.join(', ')})`;
}

/** What to change: the largest layer when the weights alone are too many, the batch or the largest output when activations are. */
function advice(memory: TrainingMemory, limitBytes: number): string {
  const fixed = memory.totalBytes - memory.activationBytes;
  const changes: string[] = [];
  if (fixed > limitBytes / 2 || memory.activationBytes <= fixed) {
    const layer = memory.largestLayer ? `${memory.largestLayer.name} (${formatCount(memory.largestLayer.params)} parameters)` : 'the largest layer';
    changes.push(`give ${layer} fewer units or filters, or a smaller input`);
  }
  if (memory.activationBytes > fixed && memory.largestOutput) {
    const fitting = Math.floor((limitBytes - fixed) / (memory.activationBytes / memory.batchSize));
    if (fitting >= 1 && fitting < memory.batchSize) changes.push(`use a batch_size of ${formatCount(fitting)} or less`);
    const perSample = memory.largestOutput.shape.slice(1).join('x');
    changes.push(`make ${memory.largestOutput.name}'s output (${perSample} values per sample) smaller: fewer filters, or more pooling or strides before it`);
  }
  return changes.join('; ');
}

export type MemoryVerdict = { kind: 'too-large' | 'large'; message: string } | undefined;

/** Too large for `limit` (training refuses it), large (a warning), or fine (undefined). */
export function judgeTrainingMemory(memory: TrainingMemory, limit: { bytes: number; what: string }): MemoryVerdict {
  const needs = `training needs ${describeTrainingMemory(memory)}`;
  if (!(memory.totalBytes <= limit.bytes)) {
    return { kind: 'too-large', message: `${needs}, more than the ${formatBytes(limit.bytes)} ${limit.what}: ${advice(memory, limit.bytes)}` };
  }
  if (memory.totalBytes >= LARGE_TRAINING_BYTES) {
    return { kind: 'large', message: `the model has ${formatCount(memory.parameters)} parameters and ${needs}: expect a slow run and a process larger than that; ${advice(memory, limit.bytes)} to train faster` };
  }
  return undefined;
}
