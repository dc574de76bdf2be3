// How the panel state follows the engine's events (the host applies these; the webview shows the result).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TrainEvent } from '../../src/protocol/engine';
import { runMetrics } from '../support/run-metrics';
import { visiblePoints } from '../../client/src/panel/batchSeries';
import { applyJobEvent, beginEvaluation, beginTraining, initialPanelState, restoredAfterReload, withRunFromDisk, withSummary } from '../../client/src/panel/state';
import type { PanelState } from '../../client/src/panel/messages';
import { evaluationResult as result } from './fixtures/evaluationResult';


function play(state: PanelState, job: 'train' | 'evaluate', events: TrainEvent[]): PanelState {
  return events.reduce((s, e) => applyJobEvent(s, job, e), state);
}

const trainingEvents: TrainEvent[] = [
  { type: 'backend', backend: 'cpu', note: 'wasm failed to load; using cpu' },
  { type: 'start', model: 'MnistMLP', epochs: 2, batchesPerEpoch: 3, trainSamples: 360, validationSamples: 40, runDir: '/runs/MnistMLP/a' },
  { type: 'batch', epoch: 1, batch: 1, batchesPerEpoch: 3, loss: 2.3, accuracy: 0.1, elapsedSeconds: 1 },
  { type: 'batch', epoch: 1, batch: 2, batchesPerEpoch: 3, loss: 1.9, accuracy: 0.3, elapsedSeconds: 2 },
  { type: 'batch', epoch: 1, batch: 3, batchesPerEpoch: 3, loss: 1.2, accuracy: 0.6, elapsedSeconds: 3 },
  { type: 'epoch', epoch: 1, loss: 1.8, accuracy: 0.33, valLoss: 1.1, valAccuracy: 0.7, seconds: 3 },
];

test('a training run: start, batches with ETA, epochs, evaluation, done', () => {
  let state = withSummary(initialPanelState('file:///m.dnn', 'm.dnn'), { model: 'MnistMLP', layers: [], totalParams: 1, trainableParams: 1, errors: 0, text: '' });
  state = beginTraining(state);
  state = play(state, 'train', trainingEvents.slice(0, 4));
  assert.equal(state.title, 'MnistMLP');
  assert.equal(state.run?.status, 'running');
  assert.equal(state.run?.backend, 'cpu');
  assert.equal(state.run?.backendNote, 'wasm failed to load; using cpu');
  assert.equal(state.run?.batch, 2);
  assert.equal(state.run?.etaSeconds, 4, '2 batches in 2 s, 4 to go');
  assert.deepEqual(visiblePoints(state.run!.batches).map((p) => p.step), [1, 2]);
  // The engine reports running means over the epoch; the per-batch line gets each interval's own mean.
  assert.deepEqual(visiblePoints(state.run!.batches).map((p) => p.loss), [2.3, 1.9 * 2 - 2.3]);

  state = play(state, 'train', trainingEvents.slice(4));
  assert.equal(state.run?.history.length, 1);
  assert.equal(state.run?.history[0].valAccuracy, 0.7);
  assert.equal('type' in state.run!.history[0], false, 'history holds epoch records, not events');

  state = play(state, 'train', [
    { type: 'batch', epoch: 2, batch: 1, batchesPerEpoch: 3, loss: 1, accuracy: 0.7, elapsedSeconds: 4 },
    { type: 'epoch', epoch: 2, loss: 0.9, accuracy: 0.75, valLoss: 0.8, valAccuracy: 0.8, seconds: 2 },
    { type: 'evaluation', result },
    { type: 'done', runDir: '/runs/MnistMLP/a', secondsPerEpoch: 2.5, test: { loss: 0.08, accuracy: 0.975 } },
  ]);
  assert.equal(state.run?.status, 'completed');
  assert.equal(state.run?.secondsPerEpoch, 2.5);
  assert.equal(state.run?.etaSeconds, 0);
  assert.deepEqual(state.run?.history.map((r) => r.epoch), [1, 2]);
  assert.equal(state.evaluation?.result, result);
  assert.equal(state.evaluation?.runDir, '/runs/MnistMLP/a');
  assert.equal(state.evaluation?.specChanged, false);
  assert.equal(state.summary?.model, 'MnistMLP', 'the summary survives a run');
});

test('a new training clears the previous curves and test results', () => {
  let state = play(beginTraining(initialPanelState('u', 't')), 'train', [...trainingEvents, { type: 'evaluation', result }]);
  state = beginTraining(state);
  assert.equal(state.run?.history.length, 0);
  assert.equal(state.evaluation, undefined);
});

test('stopped and failed runs say so; an error message is kept in plain words', () => {
  const stopped = play(beginTraining(initialPanelState('u', 't')), 'train', [...trainingEvents, { type: 'stopped', epoch: 2, batch: 1, runDir: '/r' }]);
  assert.equal(stopped.run?.status, 'stopped');
  assert.equal(stopped.run?.runDir, '/r');
  const failed = play(beginTraining(initialPanelState('u', 't')), 'train', [{ type: 'error', message: 'the IDX file is truncated' }]);
  assert.equal(failed.run?.status, 'failed');
  assert.equal(failed.run?.error, 'the IDX file is truncated');
});

test('evaluation of a saved run: spec-changed warning, results replace only after they arrive', () => {
  let state = play(beginTraining(initialPanelState('u', 't')), 'train', [...trainingEvents, { type: 'evaluation', result }]);
  state = beginEvaluation(state, '/runs/MnistMLP/a');
  assert.equal(state.evaluation?.status, 'running');
  assert.equal(state.evaluation?.result, result, 'same run: old results stay visible meanwhile');
  state = applyJobEvent(state, 'evaluate', { type: 'backend', backend: 'wasm' });
  state = applyJobEvent(state, 'evaluate', { type: 'warning', message: 'the spec of MnistMLP changed since the run' });
  assert.equal(state.notice?.severity, 'warning');
  assert.match(state.notice?.text ?? '', /changed since the run/);
  assert.equal(state.run?.backend, 'cpu', 'an evaluation does not rewrite the training run');
  state = applyJobEvent(state, 'evaluate', { type: 'evaluation', result: { ...result, accuracy: 0.5 } });
  assert.equal(state.evaluation?.result?.accuracy, 0.5);
  assert.equal(state.evaluation?.specChanged, true);
  assert.equal(state.evaluation?.runDir, '/runs/MnistMLP/a');

  const other = beginEvaluation(state, '/runs/MnistMLP/b');
  assert.equal(other.notice, undefined, 'the warning belonged to the other run');
  assert.equal(other.evaluation?.result, undefined, "another run's results are not shown as this one's");
  const failed = applyJobEvent(other, 'evaluate', { type: 'error', message: 'weights damaged' });
  assert.equal(failed.evaluation?.status, 'done');
  assert.match(failed.notice?.text ?? '', /weights damaged/);
});

test('a run read back from metrics.json', () => {
  const metrics = runMetrics({
    specHash: 'abc',
    createdAt: '2025-01-02T03:04:05.000Z',
    config: { epochs: 10, batchSize: 128, validationSplit: 0.2, optimizer: 'adam', loss: 'categorical_crossentropy' },
    history: [{ epoch: 1, loss: 0.3, accuracy: 0.9, seconds: 0.7 }],
    test: result,
    timings: { totalSeconds: 8, secondsPerEpoch: 0.7 },
  });
  const state = withRunFromDisk(initialPanelState('u', 'm.dnn'), metrics, '/runs/x');
  assert.equal(state.title, 'MnistMLP');
  assert.equal(state.run?.status, 'completed');
  assert.equal(state.run?.epochs, 10);
  assert.equal(state.run?.createdAt, metrics.createdAt);
  assert.equal(state.evaluation?.result, result);
  assert.equal(state.notice, undefined);
});

/** Only what survives postMessage and setState unchanged (undefined properties are dropped, which is fine). */
function isPlainJson(value: unknown): boolean {
  if (value === undefined || value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (Array.isArray(value)) return value.every(isPlainJson);
  return Object.getPrototypeOf(value) === Object.prototype && Object.values(value as object).every(isPlainJson);
}

test('evaluating the run the panel shows keeps its per-batch line', () => {
  const trained = play(beginTraining(initialPanelState('u', 't')), 'train', [...trainingEvents, { type: 'done', runDir: '/runs/MnistMLP/a', secondsPerEpoch: 3 }]);
  const metrics = runMetrics({ config: { epochs: 2, batchSize: 128, validationSplit: 0.1, optimizer: 'adam', loss: 'l' } });
  const same = withRunFromDisk(trained, metrics, '/runs/MnistMLP/a');
  assert.equal(same.run, trained.run);
  const other = withRunFromDisk(trained, metrics, '/runs/MnistMLP/b');
  assert.equal(other.run?.runDir, '/runs/MnistMLP/b');
  assert.equal(other.run?.batches.points.length, 0);
});

test('the state is plain JSON (the webview keeps it with setState)', () => {
  const state = play(beginTraining(initialPanelState('u', 't')), 'train', [...trainingEvents, { type: 'evaluation', result }]);
  assert.ok(isPlainJson(state));
});

test('after a window reload nothing is running any more', () => {
  const running = play(beginTraining(initialPanelState('u', 't')), 'train', trainingEvents);
  const restored = restoredAfterReload(running);
  assert.equal(restored.run?.status, 'stopped');
  assert.equal(restored.run?.history.length, 1, 'the curves stay');
  assert.match(restored.notice?.text ?? '', /reloaded/);
  const finished = applyJobEvent(running, 'train', { type: 'done', runDir: '/r', secondsPerEpoch: 1 });
  assert.deepEqual(restoredAfterReload(finished), finished, 'a finished panel comes back as it was');
});
