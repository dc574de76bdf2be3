// One rank of the data-parallel loop: the work every thread does, the coordinator included.
// A step: gather this rank's share of the batch from the shared samples (in the epoch's
// shared order), take its gradients the way the single loop does (batch-gradients.ts) into
// the rank's shared slot; once every rank has, combine the slots (each share weighted by its
// size, so the result is the gradient of the mean loss over the whole batch, as Keras's) and
// apply the update. With a fused (elementwise) updater each rank updates its own stretch of
// the weights in shared memory and every rank then loads all of them; with a tfjs optimizer
// every rank runs the whole update on the same gradients. Every rank combines in the same
// order, so either way the weights stay identical on every rank.
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { BuiltModel } from '../build-model';
import { encodeLabels, labelWidth } from '../data/dataset';
import type { DenseGradients } from '../fast/dense-gradients';
import { FusedUpdater } from '../fast/fused-updater';
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
  private readonly combined: Float32Array;
  private readonly sampleSize: number;
  /** Each rank updates only its stretch of the weights: the fused updaters are elementwise (tfjs's optimizers are not split). */
  readonly sharded: boolean;
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
    this.combined = new Float32Array(offset);
    this.sampleSize = built.encoding.inputShape.reduce((a, b) => a * b, 1);
    this.sharded = updater instanceof FusedUpdater;
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
    const { xs, ys, labels } = this.gatherShare(batchStart + start, size);
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
   * After every rank's `computeShare`: the batch's gradient (each share weighted by its size).
   * Sharded: this rank's part of the update, into the shared weights (every rank then loads
   * them, `loadSharedWeights`, once every rank's part is written). Otherwise the whole update,
   * applied to this rank's weights as every rank does.
   */
  update(generation: number, batchSize: number): void {
    if (this.sharded) return this.updatePart(generation, batchSize);
    this.combine(generation, batchSize, 0, this.combined.length);
    const grads = this.variables.map((variable, i) => tf.tensor(this.combined.subarray(this.offsets[i], this.offsets[i] + variable.size), variable.shape, 'float32'));
    try {
      this.updater.apply(this.variables, grads);
    } finally {
      tf.dispose(grads);
    }
  }

  /** After every rank's part of a sharded update: the new weights, into this rank's model. */
  loadSharedWeights(): void {
    this.readWeights(this.shared.weights);
  }

  /** This rank's stretch of the flattened weights, updated in place in the shared weights. */
  private updatePart(generation: number, batchSize: number): void {
    const updater = this.updater as FusedUpdater;
    const { start, end } = shareOf(this.combined.length, this.rank, this.shared.ranks);
    this.combine(generation, batchSize, start, end);
    this.variables.forEach((variable, i) => {
      const from = Math.max(start, this.offsets[i]);
      const to = Math.min(end, this.offsets[i] + variable.size);
      if (from < to) updater.updatePart(i, this.shared.weights.subarray(from, to), this.combined.subarray(from, to));
    });
    updater.finishStep();
  }

  /** The batch's gradient for the flattened weights [from, to), into `combined`: the slots summed in rank order on every rank (the same float32 sums everywhere). */
  private combine(generation: number, batchSize: number, from: number, to: number): void {
    const { ranks } = this.shared;
    const combined = this.combined;
    for (let rank = 0; rank < ranks; rank++) {
      const { start, end } = shareOf(batchSize, rank, ranks);
      // An empty share's slot holds an older step's gradient: it weighs nothing.
      const weight = (end - start) / batchSize;
      const slot = this.shared.gradientSlot(generation, rank);
      if (rank === 0 && weight === 0) combined.fill(0, from, to);
      else if (rank === 0) for (let i = from; i < to; i++) combined[i] = weight * slot[i];
      else if (weight > 0) for (let i = from; i < to; i++) combined[i] += weight * slot[i];
    }
  }

  /** Scores this rank's share of the validation set (inference mode) into its results. */
  scoreValidationShare(): void {
    const { validationInputs, validationLabels } = this.samples;
    const { start, end } = shareOf(validationLabels.length, this.rank, this.shared.ranks);
    if (end === start) return this.shared.setResults(this.rank, 0, 0);
    const labels = validationLabels.subarray(start, end);
    const score = scoreSamples(this.built, validationInputs.subarray(start * this.sampleSize, end * this.sampleSize), labels);
    this.shared.setResults(this.rank, score.loss * labels.length, Math.round(score.accuracy * labels.length));
  }

  /** The share's samples, in the epoch's order, as tensors (the caller disposes them). */
  private gatherShare(first: number, size: number): { xs: tf.Tensor; ys: tf.Tensor; labels: Uint8Array } {
    const { trainInputs, trainLabels } = this.samples;
    const { order } = this.shared;
    const sampleSize = this.sampleSize;
    const { encoding } = this.built;
    // Rows gathered straight into the tensor's wasm memory (allocated first: a heap growth detaches older views).
    const info = this.backend.makeOutput([size, ...encoding.inputShape], 'float32');
    const rows = this.backend.typedArrayFromHeap(info) as Float32Array;
    const labels = new Uint8Array(size);
    for (let i = 0; i < size; i++) {
      const source = order[first + i];
      rows.set(trainInputs.subarray(source * sampleSize, (source + 1) * sampleSize), i * sampleSize);
      labels[i] = trainLabels[source];
    }
    const xs = tf.engine().makeTensorFromTensorInfo(info);
    const ys = tf.tensor(encodeLabels(labels, encoding), labelWidth(encoding) === 1 ? [size] : [size, encoding.classes]);
    return { xs, ys, labels };
  }
}
