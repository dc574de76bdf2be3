// The data-parallel training loop: every batch is split between `ranks` threads (this one,
// the coordinator, is rank 0; the others are worker_threads, share-thread.ts), each with its
// own single-threaded wasm backend and a copy of the model. Each computes the gradients of
// its share with the single loop's paths; the shares meet in shared memory with Atomics as
// the per-step barrier (shared-step.ts: no message per step), and every rank applies the
// same combined gradient (share-rank.ts), so the weights stay identical. The data set is in
// shared memory too, read by every thread, never copied per thread. Keras semantics as in
// the single loop: the batch's loss is its mean over all its samples, the epoch's the running
// mean; the validation pass is split between the ranks as well.
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import type { ModelSpec } from '../../language/types';
import type { EpochRecord } from '../../protocol/engine';
import { EngineError } from '../errors';
import { startWorker } from '../start-worker';
import { divergenceMessage, EpochProgress } from './epoch-progress';
import { ShareRank, type SharedSamples } from './share-rank';
import type { ShareThreadData, ShareThreadMessage } from './share-thread';
import { Command, createSharedStepBuffers, SharedStep } from './shared-step';
import type { LoopOutcome, TrainingLoop, TrainingLoopOptions } from './training-loop';

/** How long the coordinator blocks in one wait before giving its event loop a turn (a thread's exit is reported there). */
const WAIT_SLICE_MS = 50;

/** dist/engine/share-thread.js from a bundle in dist/<part>/; share-thread.ts beside this file when running from source. */
export function defaultShareThreadFile(): string {
  return __filename.endsWith('.ts') ? join(__dirname, 'share-thread.ts') : join(__dirname, '..', 'engine', 'share-thread.js');
}

/**
 * Why the spec must train on the single loop, or undefined when the data-parallel loop
 * trains it exactly: batch normalisation's statistics (its non-trainable weights) are means
 * over the batch, and a rank sees only its share.
 */
export function dataParallelBlocker(spec: ModelSpec): string | undefined {
  if (spec.totalParams !== spec.trainableParams) return 'its batch statistics (BatchNormalization) would be taken over each thread\'s share of the batch';
  return undefined;
}

export interface DataParallelSettings {
  spec: ModelSpec;
  /** Threads, this one included (at least 2). */
  ranks: number;
  /** The other threads' entry script (tests pass others). */
  threadFile?: string;
}

export function dataParallelLoop(settings: DataParallelSettings): TrainingLoop {
  return { run: (options) => new Coordinator(settings, options).run() };
}

class Coordinator {
  private readonly shared: SharedStep;
  private readonly rank: ShareRank;
  private readonly samples: SharedSamples;
  private readonly threads: Worker[] = [];
  /** Set when a thread ended or failed outside the protocol (its exit or error event). */
  private lost: string | undefined;

  constructor(
    private readonly settings: DataParallelSettings,
    private readonly options: TrainingLoopOptions,
  ) {
    const { built, batches, validation } = options;
    const params = built.model.trainableWeights.reduce((sum, weight) => sum + weight.read().size, 0);
    this.shared = new SharedStep(createSharedStepBuffers(settings.ranks, params, built.stochasticLayers, batches.samples));
    this.samples = {
      trainInputs: shared(batches.inputs),
      trainLabels: shared(batches.labels),
      validationInputs: shared(validation.inputs),
      validationLabels: shared(validation.labels),
    };
    this.rank = new ShareRank(0, this.shared, built, options.updater, options.fastGradients, this.samples);
  }

  async run(): Promise<LoopOutcome> {
    try {
      this.rank.writeWeights(this.shared.weights);
      await this.startThreads();
      return await this.runEpochs();
    } finally {
      this.shared.post(Command.quit);
      await Promise.all(this.threads.map((thread) => thread.terminate()));
    }
  }

  private async runEpochs(): Promise<LoopOutcome> {
    const { built, batches, validation, onEvent, shouldStop, random } = this.options;
    const history: EpochRecord[] = [];
    const progress = new EpochProgress(onEvent, batches.count);
    for (let epoch = 1; epoch <= this.options.epochs; epoch++) {
      progress.startEpoch(epoch);
      batches.orderSamples(this.options.shuffle ? random : undefined);
      // The other ranks are between commands (they only read the order while taking a share).
      this.shared.order.set(batches.sampleOrder);
      for (let index = 0; index < batches.count; index++) {
        await progress.yieldNowAndThen();
        if (shouldStop()) return { history, stopped: { epoch, batch: index } };
        const start = index * batches.batchSize;
        const size = Math.min(batches.batchSize, batches.samples - start);
        // The single loop's draws, one seed per stochastic layer (each rank derives its own).
        const seeds = this.options.fastGradients ? [] : built.drawStochasticSeeds();
        const generation = this.shared.post(Command.step, start, size, seeds);
        this.perform(generation, () => this.rank.computeShare(generation, start, size, seeds));
        await this.awaitRanks(generation);
        this.rank.update(generation, size);
        const { lossSum, correct } = this.shared.totals();
        const loss = lossSum / size;
        if (!Number.isFinite(loss)) throw new EngineError(divergenceMessage(loss, epoch, index + 1));
        progress.addBatch(index, lossSum, correct, size);
      }
      history.push(progress.finishEpoch(validation.labels.length > 0 ? await this.validate() : undefined));
    }
    return { history };
  }

  private async validate(): Promise<{ loss: number; accuracy: number }> {
    const generation = this.shared.post(Command.validate);
    this.perform(generation, () => this.rank.scoreValidationShare());
    await this.awaitRanks(generation);
    const { lossSum, correct } = this.shared.totals();
    const count = this.samples.validationLabels.length;
    return { loss: lossSum / count, accuracy: correct / count };
  }

  /** The coordinator's own part of a generation; marks it done whatever happens, so no thread waits for it in vain. */
  private perform(generation: number, work: () => void): void {
    try {
      work();
    } finally {
      this.shared.finish(0, generation);
    }
  }

  /** Waits until every rank has finished its share of `generation`; throws when one failed or ended. */
  private async awaitRanks(generation: number): Promise<void> {
    for (let rank = 1; rank < this.shared.ranks; rank++) {
      while (!this.shared.finishedOrWait(rank, generation, WAIT_SLICE_MS)) {
        // A thread's exit or error event can only arrive while this thread's event loop runs.
        await new Promise((resolve) => setImmediate(resolve));
        if (this.lost) throw new EngineError(this.lost);
      }
    }
    const failed = this.shared.failed();
    if (failed) throw new EngineError(`training thread ${failed.rank + 1} of ${this.shared.ranks} failed: ${failed.message}`);
  }

  private async startThreads(): Promise<void> {
    const file = this.settings.threadFile ?? defaultShareThreadFile();
    const started: Promise<void>[] = [];
    for (let rank = 1; rank < this.settings.ranks; rank++) {
      const data: ShareThreadData = { rank, spec: this.settings.spec, buffers: this.shared.buffers, samples: this.samples };
      const thread = startWorker(file, data);
      this.threads.push(thread);
      const name = `training thread ${rank + 1} of ${this.settings.ranks}`;
      started.push(
        new Promise<void>((resolve, reject) => {
          thread.on('message', (message: ShareThreadMessage) => {
            if (message.kind === 'ready') resolve();
            else reject(new EngineError(`${name} could not start: ${message.message}`));
          });
          thread.on('error', (error) => {
            this.lost ??= `${name} failed: ${error.message}`;
            reject(new EngineError(this.lost));
          });
          thread.on('exit', (code) => {
            this.lost ??= `${name} ended unexpectedly (exit code ${code})`;
            reject(new EngineError(this.lost));
          });
        }),
      );
    }
    await Promise.all(started);
  }
}

/** The typed array itself when it is a view of shared memory, else a shared copy (as a plain Float32Array or Uint8Array: labels may be a Buffer). */
function shared<T extends Float32Array | Uint8Array>(values: T): T {
  if (values.buffer instanceof SharedArrayBuffer) return values;
  const buffer = new SharedArrayBuffer(values.byteLength);
  const copy = (values instanceof Float32Array ? new Float32Array(buffer) : new Uint8Array(buffer)) as T;
  copy.set(values);
  return copy;
}
