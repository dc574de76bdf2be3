// One rank of the data-parallel loop: the work every thread does, the coordinator included.
// A step: gather this rank's share of the batch from the shared samples (in the epoch's
// shared order), take its gradients the way the single loop does (batch-gradients.ts) into
// the rank's shared slot; once every rank has, combine the slots (each share weighted by its
// size, so the result is the gradient of the mean loss over the whole batch, as Keras's) and
// apply the whole update. Every rank combines and updates in the same order, so the weights
// stay identical on every rank. (Each rank updating only its stretch of the weights and
// loading the others' took a second barrier per step and a copy of every weight; with the
// update a SIMD kernel (simd/adam.c), doing all of it on every rank is cheaper.)
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { BuiltModel } from '../build-model';
import { gatherBatch } from '../batches';
import type { DenseGradients } from '../fast/dense-gradients';
import { heapAddress, simdKernels } from '../fast/simd/simd-kernels';
import type { WeightUpdater } from '../optimizer';
import { countCorrect, scoreSamples } from '../scoring';
import { batchGradients } from './batch-gradients';
import { shareOf, type SharedStep } from './shared-step';

/** The samples every rank reads (views of shared memory). */
export interface SharedSamples {
  trainInputs: Float32Array;
  trainLabels: Uint8Array;
  validationInputs: Float32Array;
  validationLabels: Uint8Array;
}

/** A different dropout mask on every rank, each seeded by the coordinator's draw. */
function rankSeed(seed: number, rank: number): number {
  return (seed + rank * 0x3c6ef35) % 0x7fffffff;
}

export class ShareRank {
  private readonly variables: tf.Variable[];
  /** Where each variable starts in a gradient slot. */
  private readonly offsets: number[];
  private readonly sampleSize: number;
  /** Every rank trains on the wasm backend (data-parallel-loop.ts plans it so). */
  private readonly backend = tf.backend() as BackendWasm;

  constructor(
    readonly rank: number,
    private readonly shared: SharedStep,
    private readonly built: BuiltModel,
    private readonly updater: WeightUpdater,
    private readonly fastGradients: DenseGradients | undefined,
    private readonly samples: SharedSamples,
  ) {
    if (tf.getBackend() !== 'wasm') throw new Error(`rank ${rank}: the data-parallel loop trains on wasm, not ${tf.getBackend()}`);
    this.variables = built.model.trainableWeights.map((weight) => weight.read() as tf.Variable);
    let offset = 0;
    this.offsets = this.variables.map((variable) => ((offset += variable.size), offset - variable.size));
    if (offset !== shared.buffers.params) throw new Error(`rank ${rank}: the model has ${offset} trainable parameters, the coordinator's ${shared.buffers.params}`);
    this.sampleSize = built.encoding.inputShape.reduce((a, b) => a * b, 1);
  }

  /** Copies the model's trainable weights into `out` (the coordinator, for the others to start from). */
  writeWeights(out: Float32Array): void {
    this.variables.forEach((variable, i) => out.set(variable.dataSync() as Float32Array, this.offsets[i]));
  }

  /** Sets the model's trainable weights from `values`. */
  readWeights(values: Float32Array): void {
    this.variables.forEach((variable, i) => {
      const tensor = tf.tensor(values.subarray(this.offsets[i], this.offsets[i] + variable.size), variable.shape, 'float32');
      variable.assign(tensor);
      tensor.dispose();
    });
  }

  /** Gradients of this rank's share of the batch of `batchSize` samples at `batchStart` into its slot of `generation`. */
  computeShare(generation: number, batchStart: number, batchSize: number, seeds: readonly number[]): void {
    const { start, end } = shareOf(batchSize, this.rank, this.shared.ranks);
    const size = end - start;
    const slot = this.shared.gradientSlot(generation, this.rank);
    if (size === 0) {
      // A batch smaller than the rank count: this share is empty and weighs nothing.
      this.shared.setResults(this.rank, 0, 0);
      return;
    }
    const { xs, ys, labels } = gatherBatch(this.samples.trainInputs, this.samples.trainLabels, this.shared.order, batchStart + start, size, this.built.encoding);
    try {
      if (!this.fastGradients) this.built.seedStochasticLayers(seeds.map((seed) => rankSeed(seed, this.rank)));
      const step = batchGradients(this.built, this.variables, xs, ys, this.fastGradients);
      try {
        // Straight from the wasm heap (dataSync would make a copy first).
        step.grads.forEach((gradient, i) => slot.set(this.backend.typedArrayFromHeap(gradient) as Float32Array, this.offsets[i]));
      } finally {
        tf.dispose(step.grads);
      }
      this.shared.setResults(this.rank, step.loss * size, countCorrect(step.predictions, labels, this.built.encoding.classes));
    } finally {
      tf.dispose([xs, ys]);
    }
  }

  /**
   * After every rank's `computeShare`: the batch's gradient (each share weighted by its
   * size), applied to this rank's weights as every rank does, in the same order: the weights
   * stay identical everywhere without being sent anywhere.
   */
  update(generation: number, batchSize: number): void {
    const grads = this.combinedGradients(generation, batchSize);
    try {
      this.updater.apply(this.variables, grads);
    } finally {
      tf.dispose(grads);
    }
  }

  /**
   * Every variable's gradient for the batch: the ranks' slots summed in rank order, each
   * weighted by its share's size (simd/combine.c; the same float32 sums on every rank). The
   * slots are copied into the heap first: the kernel sees only the backend's memory.
   */
  private combinedGradients(generation: number, batchSize: number): tf.Tensor[] {
    const { backend } = this;
    const { ranks, params } = this.shared.buffers;
    // Allocate everything before taking views: a heap growth detaches older views.
    const slots = backend.makeOutput([ranks * params], 'float32');
    const weights = backend.makeOutput([2 * ranks], 'int32');
    const grads = this.variables.map((variable) => backend.makeOutput(variable.shape, 'float32'));
    try {
      const slotValues = backend.typedArrayFromHeap(slots) as Float32Array;
      const shareWeights = new Float64Array(slotValues.buffer, heapAddress(backend, weights), ranks);
      for (let rank = 0; rank < ranks; rank++) {
        const { start, end } = shareOf(batchSize, rank, ranks);
        // An empty share's slot holds an older step's gradient: it weighs nothing.
        shareWeights[rank] = (end - start) / batchSize;
        slotValues.set(this.shared.gradientSlot(generation, rank), rank * params);
      }
      const kernels = simdKernels(backend);
      const base = heapAddress(backend, slots);
      grads.forEach((gradient, i) => {
        kernels.weighted_sum(base + this.offsets[i] * Float32Array.BYTES_PER_ELEMENT, ranks, params, this.variables[i].size, heapAddress(backend, weights), heapAddress(backend, gradient));
      });
      return grads.map((gradient) => tf.engine().makeTensorFromTensorInfo(gradient));
    } finally {
      backend.disposeData(slots.dataId);
      backend.disposeData(weights.dataId);
    }
  }

  /** Scores this rank's share of the validation set (inference mode) into its results. */
  scoreValidationShare(): void {
    const { validationInputs, validationLabels } = this.samples;
    const { start, end } = shareOf(validationLabels.length, this.rank, this.shared.ranks);
    if (end === start) return this.shared.setResults(this.rank, 0, 0);
    const labels = validationLabels.subarray(start, end);
    const score = scoreSamples(this.built, validationInputs.subarray(start * this.sampleSize, end * this.sampleSize), labels, { fastGradients: this.fastGradients });
    this.shared.setResults(this.rank, score.loss * labels.length, Math.round(score.accuracy * labels.length));
  }
}
