// The training batches of one epoch. Each epoch the samples are put in their (shuffled)
// order with ONE gather into a reusable buffer; batch tensors are then made from
// contiguous stretches of it. Slicing batches out of one big tensor instead would copy the
// whole tensor per batch on the wasm backend (its Slice kernel reads the full source).
import * as tf from '@tensorflow/tfjs';
import { encodeLabels, labelWidth, type SampleEncoding } from './data/dataset';
import type { SeededRandom } from './rng';

export interface Batch {
  xs: tf.Tensor;
  ys: tf.Tensor;
  labels: Uint8Array;
  size: number;
}

export class EpochBatches {
  readonly count: number;
  readonly samples: number;
  private readonly sampleSize: number;
  private readonly order: Int32Array;
  /** Made on the first `prepare` (the data-parallel loop gathers its shares itself and never needs it). */
  private epochInputs: Float32Array | undefined;
  private epochLabels: Uint8Array | undefined;

  /** `inputs`: scaled pixels of the training samples, one after the other; `labels`: their classes. */
  constructor(
    readonly inputs: Float32Array,
    readonly labels: Uint8Array,
    private readonly encoding: SampleEncoding,
    readonly batchSize: number,
  ) {
    this.samples = labels.length;
    this.sampleSize = this.samples > 0 ? inputs.length / this.samples : 0;
    this.count = Math.ceil(this.samples / batchSize);
    this.order = Int32Array.from({ length: this.samples }, (_, i) => i);
  }

  /** Orders the epoch's samples (`sampleOrder`) without gathering them: shuffled with `random`, or in file order when it is undefined. */
  orderSamples(random: SeededRandom | undefined): void {
    for (let i = 0; i < this.samples; i++) this.order[i] = i;
    if (random) random.shuffle(this.order);
  }

  /** Orders the epoch's samples as `orderSamples` does and gathers them for `batch`. */
  prepare(random: SeededRandom | undefined): void {
    this.orderSamples(random);
    this.epochInputs ??= new Float32Array(this.inputs.length);
    this.epochLabels ??= new Uint8Array(this.samples);
    const size = this.sampleSize;
    for (let i = 0; i < this.samples; i++) {
      const source = this.order[i];
      this.epochInputs.set(this.inputs.subarray(source * size, (source + 1) * size), i * size);
      this.epochLabels[i] = this.labels[source];
    }
  }

  /** The sample indices (into the training set) in this epoch's order. */
  get sampleOrder(): Int32Array {
    return this.order;
  }

  /** Batch `index` of the prepared epoch; the caller disposes its tensors. */
  batch(index: number): Batch {
    if (!this.epochInputs || !this.epochLabels) throw new Error('EpochBatches.batch before prepare');
    const start = index * this.batchSize;
    const size = Math.min(this.batchSize, this.samples - start);
    const labels = this.epochLabels.subarray(start, start + size);
    const xs = tf.tensor(this.epochInputs.subarray(start * this.sampleSize, (start + size) * this.sampleSize), [size, ...this.encoding.inputShape]);
    const yShape = labelWidth(this.encoding) === 1 ? [size] : [size, this.encoding.classes];
    const ys = tf.tensor(encodeLabels(labels, this.encoding), yShape);
    return { xs, ys, labels, size };
  }
}
