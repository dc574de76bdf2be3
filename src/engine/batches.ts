// The training batches of one epoch. Each epoch puts the samples in their (shuffled) order
// (`orderSamples`) without moving them; a batch's rows are then gathered from the training
// set straight into its tensor (`gatherBatch`, also what each data-parallel rank does for
// its share). Gathering the whole epoch into a second buffer first, as before, cost a
// 150 MB copy per MNIST epoch and another per batch into the tensor; slicing batches out
// of one big tensor instead would copy the whole tensor per batch on the wasm backend
// (its Slice kernel reads the full source).
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
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
  private readonly order: Int32Array;

  /** `inputs`: scaled pixels of the training samples, one after the other; `labels`: their classes. */
  constructor(
    readonly inputs: Float32Array,
    readonly labels: Uint8Array,
    private readonly encoding: SampleEncoding,
    readonly batchSize: number,
  ) {
    this.samples = labels.length;
    this.count = Math.ceil(this.samples / batchSize);
    this.order = Int32Array.from({ length: this.samples }, (_, i) => i);
  }

  /** Orders the epoch's samples (`sampleOrder`) without gathering them: shuffled with `random`, or in file order when it is undefined. */
  orderSamples(random: SeededRandom | undefined): void {
    for (let i = 0; i < this.samples; i++) this.order[i] = i;
    if (random) random.shuffle(this.order);
  }

  /** The sample indices (into the training set) in this epoch's order. */
  get sampleOrder(): Int32Array {
    return this.order;
  }

  /** Batch `index` of the epoch (in the order of the last `orderSamples`); the caller disposes its tensors. */
  batch(index: number): Batch {
    const start = index * this.batchSize;
    return gatherBatch(this.inputs, this.labels, this.order, start, Math.min(this.batchSize, this.samples - start), this.encoding);
  }
}

/**
 * The samples order[first .. first + size) of a training set as a batch; the caller disposes
 * its tensors. On wasm the rows go straight into the tensor's memory.
 */
export function gatherBatch(inputs: Float32Array, labels: Uint8Array, order: Int32Array, first: number, size: number, encoding: SampleEncoding): Batch {
  const sampleSize = encoding.inputShape.reduce((a, b) => a * b, 1);
  const shape = [size, ...encoding.inputShape];
  const wasm = tf.getBackend() === 'wasm' ? (tf.backend() as BackendWasm) : undefined;
  // Allocated before the view is taken: a heap growth detaches older views.
  const info = wasm?.makeOutput(shape, 'float32');
  const rows = wasm && info ? (wasm.typedArrayFromHeap(info) as Float32Array) : new Float32Array(size * sampleSize);
  const batchLabels = new Uint8Array(size);
  for (let i = 0; i < size; i++) {
    const source = order[first + i];
    rows.set(inputs.subarray(source * sampleSize, (source + 1) * sampleSize), i * sampleSize);
    batchLabels[i] = labels[source];
  }
  const xs = info ? tf.engine().makeTensorFromTensorInfo(info) : tf.tensor(rows, shape);
  const ys = tf.tensor(encodeLabels(batchLabels, encoding), labelWidth(encoding) === 1 ? [size] : [size, encoding.classes]);
  return { xs, ys, labels: batchLabels, size };
}
