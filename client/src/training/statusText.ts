// The words of the status bar item and the progress notification, from a model's panel state
// (the one place that follows a job's events), so both always agree with the panel.
import type { RunView } from '../panel/messages';
import { formatDuration, formatPercent } from '../panel/view/format';
import { progressFraction } from '../panel/view/progress';
import type { JobKind } from '../panel/state';

/** `epoch 3/10 · batch 120/375 · ETA 0:42`, or what happens before the first batch. */
export function progressMessage(kind: JobKind, run: RunView | undefined): string {
  if (kind === 'evaluate') return 'testing on the test set…';
  if (!run || run.epochs === 0) return 'loading data and building the model…';
  if (run.status !== 'running') return run.status;
  const eta = run.etaSeconds === undefined ? '' : ` · ETA ${formatDuration(run.etaSeconds)}`;
  const lastAccuracy = run.history.length > 0 ? ` · acc ${formatPercent(run.history[run.history.length - 1].accuracy, 1)}` : '';
  return `epoch ${run.epoch}/${run.epochs} · batch ${run.batch}/${run.batchesPerEpoch}${eta}${lastAccuracy}`;
}

/** Percent of the job done, 0..100 (evaluation has no steps to count). */
export function progressPercent(kind: JobKind, run: RunView | undefined): number {
  if (kind === 'evaluate' || !run || run.epochs === 0) return 0;
  return run.status === 'completed' ? 100 : progressFraction(run) * 100;
}

export function statusBarText(label: string, kind: JobKind, run: RunView | undefined, othersRunning: number): string {
  const verb = kind === 'train' ? 'Training' : 'Evaluating';
  const others = othersRunning > 0 ? ` (+${othersRunning})` : '';
  return `$(sync~spin) ${verb} ${label}: ${progressMessage(kind, run)}${others}`;
}
