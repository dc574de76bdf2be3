// What both training loops report while they run: the running loss and accuracy of the
// epoch (Keras semantics: means over the samples of the batches so far) as throttled
// `batch` events, the epoch's record, and the event-loop turns a loop must give now and
// then so that a stop request from a signal handler can arrive.
import { performance } from 'node:perf_hooks';
import type { EpochRecord, TrainEvent } from '../../protocol/engine';

/** Batch events are throttled to at most one per this many milliseconds (plus each epoch's last). */
const BATCH_EVENT_INTERVAL_MS = 100;
/** The loop gives the event loop a turn at least this often (in milliseconds). */
const YIELD_INTERVAL_MS = 20;

export class EpochProgress {
  private readonly trainingStarted = performance.now();
  private lastBatchEvent = -Infinity;
  private lastYield = -Infinity;
  private epoch = 0;
  private epochStarted = 0;
  private lossSum = 0;
  private correct = 0;
  private seen = 0;

  constructor(
    private readonly onEvent: (event: TrainEvent) => void,
    private readonly batchesPerEpoch: number,
  ) {}

  startEpoch(epoch: number): void {
    this.epoch = epoch;
    this.epochStarted = performance.now();
    this.lossSum = 0;
    this.correct = 0;
    this.seen = 0;
  }

  /**
   * Lets the event loop run when it has not for a while (a turn per batch would cost ~5% of
   * an MLP epoch; a worker's shared stop flag needs none).
   */
  async yieldNowAndThen(): Promise<void> {
    if (performance.now() - this.lastYield < YIELD_INTERVAL_MS) return;
    await new Promise((resolve) => setImmediate(resolve));
    this.lastYield = performance.now();
  }

  /** Batch `index` (0-based) is done: `lossSum` is its per-sample losses summed, `correct` its right predictions. */
  addBatch(index: number, lossSum: number, correct: number, size: number): void {
    this.lossSum += lossSum;
    this.correct += correct;
    this.seen += size;
    const now = performance.now();
    if (now - this.lastBatchEvent >= BATCH_EVENT_INTERVAL_MS || index === this.batchesPerEpoch - 1) {
      this.lastBatchEvent = now;
      this.onEvent({
        type: 'batch',
        epoch: this.epoch,
        batch: index + 1,
        batchesPerEpoch: this.batchesPerEpoch,
        loss: this.lossSum / this.seen,
        accuracy: this.correct / this.seen,
        elapsedSeconds: (now - this.trainingStarted) / 1000,
      });
    }
  }

  /** The epoch's record, its time counted up to now (call after the validation pass). */
  finishEpoch(validation?: { loss: number; accuracy: number }): EpochRecord {
    const record: EpochRecord = { epoch: this.epoch, loss: this.lossSum / this.seen, accuracy: this.correct / this.seen, seconds: 0 };
    if (validation) {
      record.valLoss = validation.loss;
      record.valAccuracy = validation.accuracy;
    }
    record.seconds = (performance.now() - this.epochStarted) / 1000;
    this.onEvent({ type: 'epoch', ...record });
    return record;
  }
}

/** The error of a loss that is no number any more. */
export function divergenceMessage(loss: number, epoch: number, batch: number): string {
  return `the loss became ${loss} at epoch ${epoch}, batch ${batch}: training diverged; try a smaller learning_rate`;
}
