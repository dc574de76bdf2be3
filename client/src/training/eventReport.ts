// What the user and the output channel hear about a job's events, as plain data: a log line
// (Keras-like per epoch) and, for the events that matter, a notification with its buttons.
// Pure, so the wording is tested; index.ts shows it.
import type { TrainEvent } from '../../../src/protocol/engine';
import type { JobKind } from '../panel/state';
import { formatLoss, formatPercent } from '../panel/view/format';
import { formatCount } from '../../../src/language/shapes';

export type ReportAction = 'Show Output' | 'Open Run Folder' | 'Show Results';

export interface EventReport {
  log?: { level: 'info' | 'warn' | 'error'; text: string };
  notify?: { severity: 'info' | 'warning' | 'error'; text: string; actions: ReportAction[]; runDir?: string };
}

export function reportEvent(kind: JobKind, model: string, event: TrainEvent): EventReport {
  switch (event.type) {
    case 'backend':
      return { log: { level: event.note ? 'warn' : 'info', text: `Backend: ${event.backend}${event.note ? ` (${event.note})` : ''}` } };
    case 'start':
      return {
        log: {
          level: 'info',
          text: `${model}: ${event.epochs} epoch${event.epochs === 1 ? '' : 's'} of ${event.batchesPerEpoch} batches, ${formatCount(event.trainSamples)} training and ${formatCount(event.validationSamples)} validation samples; run folder ${event.runDir}`,
        },
      };
    case 'batch':
      return {};
    case 'epoch': {
      const validation = event.valLoss === undefined ? '' : ` - val_loss: ${formatLoss(event.valLoss)} - val_accuracy: ${(event.valAccuracy ?? 0).toFixed(4)}`;
      return { log: { level: 'info', text: `Epoch ${event.epoch} - ${event.seconds.toFixed(2)}s - loss: ${formatLoss(event.loss)} - accuracy: ${event.accuracy.toFixed(4)}${validation}` } };
    }
    case 'evaluation':
      return {
        log: { level: 'info', text: `Test: loss ${formatLoss(event.result.loss)}, accuracy ${formatPercent(event.result.accuracy)} on ${formatCount(event.result.samples)} images (${event.result.seconds.toFixed(2)} s)` },
      };
    case 'warning':
      return { log: { level: 'warn', text: event.message }, notify: { severity: 'warning', text: `${model}: ${sentence(event.message)}`, actions: ['Show Results'] } };
    case 'done':
      if (kind === 'evaluate') return { log: { level: 'info', text: `Evaluation of ${model} finished` } };
      return {
        log: { level: 'info', text: `Training of ${model} finished: ${event.secondsPerEpoch.toFixed(2)} s per epoch; run saved in ${event.runDir}` },
        notify: {
          severity: 'info',
          text: `${model} trained${event.test ? `: test accuracy ${formatPercent(event.test.accuracy)}` : ''}.`,
          actions: ['Show Results', 'Open Run Folder'],
          runDir: event.runDir,
        },
      };
    case 'stopped': {
      const where = event.epoch > 0 ? ` in epoch ${event.epoch} after ${event.batch} batch${event.batch === 1 ? '' : 'es'}` : '';
      const saved = event.runDir ? `; the run so far is saved in ${event.runDir}` : '';
      const what = kind === 'train' ? 'Training' : 'Evaluation';
      if (event.forced) {
        const text = `${what} of ${model} stopped: ${event.forced}.`;
        return { log: { level: 'warn', text }, notify: { severity: 'warning', text, actions: [] } };
      }
      return { log: { level: 'info', text: `${what} of ${model} stopped${where}${saved}` }, notify: { severity: 'info', text: `${what} of ${model} stopped${where}.`, actions: [] } };
    }
    case 'error': {
      const what = kind === 'train' ? 'Training' : 'Evaluating';
      return {
        log: { level: 'error', text: `${what} ${model} failed: ${event.message}${event.detail ? `\n${event.detail}` : ''}` },
        notify: { severity: 'error', text: `${what} ${model} failed: ${sentence(event.message)}`, actions: ['Show Output'] },
      };
    }
  }
}

/** A notification is one paragraph: the engine's lines (e.g. the errors it names) joined, closed with a full stop. */
function sentence(message: string): string {
  const text = message.split('\n').map((line) => line.trim()).filter((line) => line !== '').join(' ');
  return /[.!?]$/.test(text) ? text : `${text}.`;
}
