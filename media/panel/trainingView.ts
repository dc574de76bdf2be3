// The "Training" section: progress with ETA, the loss and accuracy charts, the epoch table.
import type { RunView } from '../../client/src/panel/messages';
import { buildCurveChart } from '../../client/src/panel/view/chart';
import { formatDuration, formatLoss, formatPercent } from '../../client/src/panel/view/format';
import { progressFraction } from '../../client/src/panel/view/progress';
import { chartFigure } from './chartView';
import { html } from './dom';

export function trainingSection(run: RunView | undefined): HTMLElement[] {
  if (!run) return [html('p', { class: 'empty', 'data-testid': 'no-run' }, 'No training run yet. Press Train to train this model on MNIST.')];
  const charts = html('div', { class: 'charts' }, chartFigure(buildCurveChart(run, 'loss'), 'loss-chart'), chartFigure(buildCurveChart(run, 'accuracy'), 'accuracy-chart'));
  return run.history.length > 0 ? [progressBlock(run), charts, historyTable(run)] : [progressBlock(run), charts];
}

function progressBlock(run: RunView): HTMLElement {
  const fraction = run.status === 'completed' ? 1 : progressFraction(run);
  const parts: string[] = [];
  if (run.status === 'running') {
    if (run.epochs > 0) parts.push(`Epoch ${run.epoch}/${run.epochs}`, `batch ${run.batch}/${run.batchesPerEpoch}`);
    else parts.push('Loading data and building the model…');
    if (run.etaSeconds !== undefined) parts.push(`${formatDuration(run.etaSeconds)} left`);
    if (run.elapsedSeconds > 0) parts.push(`${formatDuration(run.elapsedSeconds)} elapsed`);
  } else {
    parts.push(statusText(run));
    if (run.secondsPerEpoch !== undefined && run.history.length > 0) parts.push(`${run.secondsPerEpoch.toFixed(2)} s/epoch`);
  }
  if (run.backend) parts.push(`backend ${run.backend}`);
  if (run.trainSamples !== undefined) parts.push(`${run.trainSamples.toLocaleString('en-US')} train / ${(run.validationSamples ?? 0).toLocaleString('en-US')} validation samples`);

  return html('div', { class: `progress status-${run.status}`, id: 'training-progress', 'data-testid': 'training-progress', 'data-status': run.status },
    html('progress', { max: 1, value: fraction.toFixed(4), 'aria-label': 'training progress' }),
    html('div', { class: 'progress-text', id: 'progress-text' }, parts.join(' · ')),
    run.backendNote ? html('div', { class: 'note' }, run.backendNote) : undefined,
    run.error ? html('div', { class: 'error', id: 'training-error', role: 'alert' }, run.error) : undefined,
    run.label ? html('div', { class: 'run-label', 'data-testid': 'run-label' }, `Label: ${run.label}`) : undefined,
    run.runDir ? html('div', { class: 'run-dir', title: run.runDir }, `Run folder: ${run.runDir}`) : undefined,
  );
}

function statusText(run: RunView): string {
  const epochs = `${run.history.length}/${run.epochs} epochs`;
  const when = run.createdAt ? ` (${run.createdAt.replace('T', ' ').slice(0, 16)})` : '';
  switch (run.status) {
    case 'completed': return `Completed: ${epochs}${when}`;
    case 'stopped': return `Stopped after ${epochs}${when}`;
    case 'failed': return `Failed in epoch ${run.epoch}`;
    case 'running': return 'Running';
  }
}

function historyTable(run: RunView): HTMLElement {
  const hasValidation = run.history.some((r) => r.valLoss !== undefined);
  const header = ['epoch', 'loss', 'accuracy', ...(hasValidation ? ['val_loss', 'val_accuracy'] : []), 'seconds'];
  return html('table', { class: 'history', id: 'history-table', 'data-testid': 'history-table' },
    html('thead', {}, html('tr', {}, ...header.map((h) => html('th', {}, h)))),
    html('tbody', {}, ...run.history.map((r) => html('tr', {},
      html('td', {}, String(r.epoch)),
      html('td', {}, formatLoss(r.loss)),
      html('td', {}, formatPercent(r.accuracy)),
      ...(hasValidation ? [html('td', {}, r.valLoss === undefined ? '–' : formatLoss(r.valLoss)), html('td', {}, r.valAccuracy === undefined ? '–' : formatPercent(r.valAccuracy))] : []),
      html('td', {}, r.seconds.toFixed(2)),
    ))),
  );
}
