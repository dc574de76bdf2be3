// Keras-style progress text for `dnn train`:
//   Epoch 1/10
//   375/375 [==============================] - 2s 5ms/step - loss: 0.3512 - accuracy: 0.9012 - val_loss: ...
// Pure functions of the engine's events, so they are tested without a terminal.
import type { EpochRecord } from '../engine/protocol';

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
