// The shared memory of the data-parallel loop (data-parallel-loop.ts) and the protocol its
// threads follow. Control words (Int32, Atomics) are the per-step barriers:
//   the coordinator (rank 0) writes a command, bumps GO and notifies;
//   every rank does its share, stores the command's generation in its `shares` word and notifies;
//   every rank waits for all `shares` words to reach the generation, then reads the others'
//   results and applies the whole update itself (share-rank.ts): one barrier per step.
// The gradient slots are double-buffered by generation: a rank writes generation g's slot only
// after every rank has finished reading generation g - 2's (it could not have started g - 1's
// otherwise).

/** What GO's generation asks for. */
export const Command = { step: 1, validate: 2, quit: 3 } as const;

const GO = 0;
const COMMAND = 1;
/** First sample (in the epoch's order) and size of the batch of a step. */
const BATCH_START = 2;
const BATCH_SIZE = 3;
/** 1 + the rank that failed (0: none); its message is in `failure`. */
const FAILED = 4;
const HEADER = 8;
const FAILURE_BYTES = 4096;

/** Sums of per-sample loss and of correct predictions, per rank. */
const RESULTS_PER_RANK = 2;

/** The buffers, as the coordinator makes them and posts them to each thread (SharedArrayBuffers are shared, not copied). */
export interface SharedStepBuffers {
  ranks: number;
  /** Trainable parameters of the model, all variables one after the other. */
  params: number;
  stochasticLayers: number;
  control: SharedArrayBuffer;
  results: SharedArrayBuffer;
  gradients: SharedArrayBuffer;
  /** The coordinator's initial weights (every rank starts from them). */
  weights: SharedArrayBuffer;
  /** The epoch's sample order. */
  order: SharedArrayBuffer;
  failure: SharedArrayBuffer;
}

export function createSharedStepBuffers(ranks: number, params: number, stochasticLayers: number, samples: number): SharedStepBuffers {
  const int32 = Int32Array.BYTES_PER_ELEMENT;
  return {
    ranks,
    params,
    stochasticLayers,
    control: new SharedArrayBuffer((HEADER + ranks + stochasticLayers) * int32),
    results: new SharedArrayBuffer(RESULTS_PER_RANK * ranks * Float64Array.BYTES_PER_ELEMENT),
    gradients: new SharedArrayBuffer(2 * ranks * params * Float32Array.BYTES_PER_ELEMENT),
    weights: new SharedArrayBuffer(params * Float32Array.BYTES_PER_ELEMENT),
    order: new SharedArrayBuffer(samples * int32),
    failure: new SharedArrayBuffer(FAILURE_BYTES),
  };
}

/** The rows [start, end) of a batch (or a validation set) of `size` samples that `rank` takes. */
export function shareOf(size: number, rank: number, ranks: number): { start: number; end: number } {
  return { start: Math.floor((rank * size) / ranks), end: Math.floor(((rank + 1) * size) / ranks) };
}

/** Views of the shared buffers and the operations on them every rank uses. */
export class SharedStep {
  readonly control: Int32Array;
  readonly results: Float64Array;
  readonly weights: Float32Array;
  readonly order: Int32Array;
  private readonly gradients: Float32Array;
  private readonly failure: Uint8Array;

  constructor(readonly buffers: SharedStepBuffers) {
    this.control = new Int32Array(buffers.control);
    this.results = new Float64Array(buffers.results);
    this.gradients = new Float32Array(buffers.gradients);
    this.weights = new Float32Array(buffers.weights);
    this.order = new Int32Array(buffers.order);
    this.failure = new Uint8Array(buffers.failure);
  }

  get ranks(): number {
    return this.buffers.ranks;
  }

  /** Coordinator: posts a command (with its batch, for a step) and returns its generation. */
  post(command: number, batchStart = 0, batchSize = 0, seeds: readonly number[] = []): number {
    const { control } = this;
    control[COMMAND] = command;
    control[BATCH_START] = batchStart;
    control[BATCH_SIZE] = batchSize;
    seeds.forEach((seed, i) => (control[this.seedsAt + i] = seed));
    // The add publishes the writes above to every thread that then reads GO.
    const generation = Atomics.add(control, GO, 1) + 1;
    Atomics.notify(control, GO);
    return generation;
  }

  /** A thread: waits (up to `timeoutMs`) for a generation after `seen`; returns GO's value. */
  awaitCommand(seen: number, timeoutMs: number): number {
    Atomics.wait(this.control, GO, seen, timeoutMs);
    return Atomics.load(this.control, GO);
  }

  command(): { command: number; batchStart: number; batchSize: number; seeds: number[] } {
    const { control } = this;
    const seeds = Array.from({ length: this.buffers.stochasticLayers }, (_, i) => control[this.seedsAt + i]);
    return { command: control[COMMAND], batchStart: control[BATCH_START], batchSize: control[BATCH_SIZE], seeds };
  }

  private get seedsAt(): number {
    return HEADER + this.ranks;
  }

  /** The word in which `rank` says which generation it has finished its share of. */
  private sharesWord(rank: number): number {
    return HEADER + rank;
  }

  /** A rank has finished its share of generation `generation`: its slot and results are written. */
  finish(rank: number, generation: number): void {
    const word = this.sharesWord(rank);
    Atomics.store(this.control, word, generation);
    Atomics.notify(this.control, word);
  }

  /** True once `rank` has finished its share of `generation`; else waits up to `timeoutMs` for it and returns false. */
  finishedOrWait(rank: number, generation: number, timeoutMs: number): boolean {
    const word = this.sharesWord(rank);
    const done = Atomics.load(this.control, word);
    if (done >= generation) return true;
    Atomics.wait(this.control, word, done, timeoutMs);
    return Atomics.load(this.control, word) >= generation;
  }

  /** Rank `rank`'s gradient slot for `generation`: `params` floats. */
  gradientSlot(generation: number, rank: number): Float32Array {
    const { params } = this.buffers;
    const start = ((generation % 2) * this.ranks + rank) * params;
    return this.gradients.subarray(start, start + params);
  }

  setResults(rank: number, lossSum: number, correct: number): void {
    this.results[rank * RESULTS_PER_RANK] = lossSum;
    this.results[rank * RESULTS_PER_RANK + 1] = correct;
  }

  /** Every rank's results summed, in rank order. */
  totals(): { lossSum: number; correct: number } {
    let lossSum = 0;
    let correct = 0;
    for (let rank = 0; rank < this.ranks; rank++) {
      lossSum += this.results[rank * RESULTS_PER_RANK];
      correct += this.results[rank * RESULTS_PER_RANK + 1];
    }
    return { lossSum, correct };
  }

  /** Records that `rank` failed and why (the first failure wins). */
  fail(rank: number, message: string): void {
    if (Atomics.compareExchange(this.control, FAILED, 0, rank + 1) !== 0) return;
    const bytes = new TextEncoder().encode(message).subarray(0, FAILURE_BYTES - 4);
    new DataView(this.failure.buffer, this.failure.byteOffset).setUint32(0, bytes.length);
    this.failure.set(bytes, 4);
  }

  /** The failure a rank recorded, if one did. */
  failed(): { rank: number; message: string } | undefined {
    const failed = Atomics.load(this.control, FAILED);
    if (failed === 0) return undefined;
    const length = new DataView(this.failure.buffer, this.failure.byteOffset).getUint32(0);
    // TextDecoder refuses views of shared memory: copy out first.
    return { rank: failed - 1, message: new TextDecoder().decode(this.failure.slice(4, 4 + length)) };
  }
}
