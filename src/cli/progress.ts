// Keras-style progress text for `dnn train`:
//   Epoch 1/10
//   375/375 [==============================] - 2s 5ms/step - loss: 0.3512 - accuracy: 0.9012 - val_loss: ...
// The lines are pure functions of the engine's events; ProgressPrinter writes them to any
// sink, so both are tested without a terminal.
import { performance } from 'node:perf_hooks';
import type { EpochRecord, TrainEvent } from '../protocol/engine';

/** Where progress text goes: a stream (stdout, stderr) or a test's collector. */
export interface TextSink {
  write(text: string): unknown;
}

const BAR_WIDTH = 30;

export function epochHeader(epoch: number, epochs: number): string {
  return `Epoch ${epoch}/${epochs}`;
}

/** `120/375 [=========>....................]` */
export function progressBar(done: number, total: number): string {
  const width = String(total).length;
  const filled = total > 0 ? Math.floor((BAR_WIDTH * done) / total) : BAR_WIDTH;
  const bar = done >= total ? '='.repeat(BAR_WIDTH) : '='.repeat(filled) + '>' + '.'.repeat(BAR_WIDTH - filled - 1);
  return `${String(done).padStart(width)}/${total} [${bar}]`;
}

/** The in-place line during an epoch: bar, ETA, running loss and accuracy. */
export function batchLine(batch: number, batches: number, epochSeconds: number, loss: number, accuracy: number): string {
  const eta = batch > 0 ? (epochSeconds / batch) * (batches - batch) : 0;
  return `${progressBar(batch, batches)} - ETA: ${formatSeconds(eta)} - loss: ${loss.toFixed(4)} - accuracy: ${accuracy.toFixed(4)}`;
}

/** The line an epoch ends with: bar, time, time per step, loss, accuracy and validation figures. */
export function epochLine(record: EpochRecord, batches: number): string {
  const perStep = batches > 0 ? (record.seconds * 1000) / batches : 0;
  const validation = record.valLoss === undefined ? '' : ` - val_loss: ${record.valLoss.toFixed(4)} - val_accuracy: ${(record.valAccuracy ?? 0).toFixed(4)}`;
  return `${progressBar(batches, batches)} - ${formatSeconds(record.seconds)} ${Math.round(perStep)}ms/step - loss: ${record.loss.toFixed(4)} - accuracy: ${record.accuracy.toFixed(4)}${validation}`;
}

export function formatSeconds(seconds: number): string {
  const total = Math.round(seconds);
  if (total < 60) return `${total}s`;
  return `${Math.floor(total / 60)}m${String(total % 60).padStart(2, '0')}s`;
}

/** Writes the engine's events as Keras-like progress; on a terminal the batch line is redrawn in place. */
export class ProgressPrinter {
  private backend = '';
  private epochs = 0;
  private batches = 0;
  private epochStartedAt = 0;
  private lineOpen = false;

  /** `out` gets the progress, redrawn in place when `tty`; `notes` gets the notes (stderr in the CLI). */
  constructor(
    private readonly out: TextSink,
    private readonly tty: boolean,
    private readonly notes: TextSink,
  ) {}

  show(event: TrainEvent): void {
    switch (event.type) {
      case 'backend':
        this.backend = event.backend;
        if (event.note) this.note(event.note);
        break;
      case 'start':
        this.epochs = event.epochs;
        this.batches = event.batchesPerEpoch;
        this.out.write(`Training ${event.model} on ${event.trainSamples} samples, validating on ${event.validationSamples} (${this.backend} backend)\n`);
        this.startEpoch(1);
        break;
      case 'batch':
        if (this.tty) {
          const seconds = (performance.now() - this.epochStartedAt) / 1000;
          this.redraw(batchLine(event.batch, event.batchesPerEpoch, seconds, event.loss, event.accuracy));
        }
        break;
      case 'epoch':
        // On a terminal the final line replaces the in-place progress line, as in Keras.
        this.out.write(`${this.lineOpen ? '\r' : ''}${epochLine(event, this.batches)}${this.lineOpen ? '\x1b[K' : ''}\n`);
        this.lineOpen = false;
        if (event.epoch < this.epochs) this.startEpoch(event.epoch + 1);
        break;
      case 'evaluation':
        this.finishLine();
        this.out.write(`Test loss: ${event.result.loss.toFixed(4)} - test accuracy: ${event.result.accuracy.toFixed(4)} (${event.result.samples} samples)\n`);
        break;
      case 'done':
        this.out.write(`Run saved in ${event.runDir}\n`);
        break;
      case 'stopped':
        this.finishLine();
        this.out.write(`Stopped in epoch ${event.epoch} after ${event.batch} batches; run saved in ${event.runDir}\n`);
        break;
      case 'warning':
        this.note(event.message);
        break;
      case 'error':
        // The command prints the error itself when train() rejects.
        break;
    }
  }

  note(message: string): void {
    this.finishLine();
    this.notes.write(`note: ${message}\n`);
  }

  finishLine(): void {
    if (this.lineOpen) this.out.write('\n');
    this.lineOpen = false;
  }

  private startEpoch(epoch: number): void {
    this.epochStartedAt = performance.now();
    this.out.write(`${epochHeader(epoch, this.epochs)}\n`);
  }

  private redraw(line: string): void {
    this.out.write(`\r${line}\x1b[K`);
    this.lineOpen = true;
  }
}
