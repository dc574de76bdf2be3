// The words users read: refusals, notifications, log lines, status bar and progress text.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { emptyBatchSeries } from '../../client/src/panel/batchSeries';
import type { RunView } from '../../client/src/panel/messages';
import { reportEvent } from '../../client/src/training/eventReport';
import { refusalMessage } from '../../client/src/training/refusal';
import { progressMessage, progressPercent, statusBarText } from '../../client/src/training/statusText';

test('a refusal names the first errors with 1-based lines and codes, then how many more', () => {
  const errors = [
    { line: 3, code: 'DNN203', message: "unknown activation 'rellu'; did you mean 'relu'?" },
    { line: 5, code: 'DNN301', message: 'kernel 5x5 is larger than the input 3x3' },
    { line: 6, message: 'expected )' },
    { line: 9, code: 'DNN401', message: 'validation_split must be in [0, 1)' },
  ];
  assert.equal(
    refusalMessage('train', 'MnistMLP', 4, errors),
    "Cannot train MnistMLP: 4 errors. Line 4: unknown activation 'rellu'; did you mean 'relu'? (DNN203). Line 6: kernel 5x5 is larger than the input 3x3 (DNN301). Line 7: expected ). And 1 more.",
  );
  assert.equal(refusalMessage('evaluate', 'M', 1, []), 'Cannot evaluate M: 1 error. See the Problems panel.');
});

test('epochs are logged like Keras; the start names the run folder', () => {
  assert.deepEqual(reportEvent('train', 'M', { type: 'epoch', epoch: 2, loss: 0.0712, accuracy: 0.97812, valLoss: 0.0934, valAccuracy: 0.9721, seconds: 0.71 }), {
    log: { level: 'info', text: 'Epoch 2 - 0.71s - loss: 0.0712 - accuracy: 0.9781 - val_loss: 0.0934 - val_accuracy: 0.9721' },
  });
  const start = reportEvent('train', 'M', { type: 'start', model: 'M', epochs: 1, batchesPerEpoch: 375, trainSamples: 48000, validationSamples: 12000, runDir: '/r/M/1' });
  assert.match(start.log?.text ?? '', /1 epoch of 375 batches, 48,000 training and 12,000 validation samples; run folder \/r\/M\/1/);
  assert.equal(start.notify, undefined);
  assert.deepEqual(reportEvent('train', 'M', { type: 'batch', epoch: 1, batch: 1, batchesPerEpoch: 2, loss: 1, accuracy: 0, elapsedSeconds: 0 }), {}, 'batches are not logged');
});

test('a finished training tells the test accuracy and offers the results and the run folder', () => {
  const report = reportEvent('train', 'MnistMLP', { type: 'done', runDir: '/r/1', secondsPerEpoch: 0.7, test: { loss: 0.08, accuracy: 0.9781 } });
  assert.deepEqual(report.notify, { severity: 'info', text: 'MnistMLP trained: test accuracy 97.81%.', actions: ['Show Results', 'Open Run Folder'], runDir: '/r/1' });
  assert.equal(reportEvent('evaluate', 'M', { type: 'done', runDir: '', secondsPerEpoch: 0 }).notify, undefined, 'the panel shows evaluation results');
});

test('errors are plain words with a button to the output channel; the stack goes to the log only', () => {
  const report = reportEvent('train', 'M', {
    type: 'error',
    message: 'm.dnn has 1 error; fix it before training:\n  m.dnn:4:5: DNN203 unknown activation',
    detail: 'Error: x\n    at foo (bar.js:1:1)',
  });
  assert.equal(report.notify?.severity, 'error');
  assert.equal(report.notify?.text, 'Training M failed: m.dnn has 1 error; fix it before training: m.dnn:4:5: DNN203 unknown activation.');
  assert.deepEqual(report.notify?.actions, ['Show Output']);
  assert.doesNotMatch(report.notify?.text ?? '', /at foo/);
  assert.match(report.log?.text ?? '', /at foo \(bar\.js/);
  assert.equal(report.log?.level, 'error');
});

test('a spec changed since the run is a visible warning; a stop says where it stopped', () => {
  const warning = reportEvent('evaluate', 'M', { type: 'warning', message: 'the spec of M changed since the run in /r was trained' });
  assert.equal(warning.notify?.severity, 'warning');
  assert.equal(warning.notify?.text, 'M: the spec of M changed since the run in /r was trained.');
  const stopped = reportEvent('train', 'M', { type: 'stopped', epoch: 3, batch: 1, runDir: '/r/1' });
  assert.equal(stopped.notify?.text, 'Training of M stopped in epoch 3 after 1 batch.');
  assert.match(stopped.log?.text ?? '', /saved in \/r\/1/);
});

function run(changes: Partial<RunView>): RunView {
  return { status: 'running', epochs: 10, batchesPerEpoch: 375, epoch: 3, batch: 120, elapsedSeconds: 30, history: [], batches: emptyBatchSeries(), ...changes };
}

test('status bar and notification text: epoch, batch, ETA', () => {
  assert.equal(progressMessage('train', run({ etaSeconds: 42 })), 'epoch 3/10 · batch 120/375 · ETA 0:42');
  assert.equal(
    progressMessage('train', run({ history: [{ epoch: 2, loss: 0.1, accuracy: 0.9712, seconds: 1 }] })),
    'epoch 3/10 · batch 120/375 · acc 97.1%',
  );
  assert.equal(progressMessage('train', run({ epochs: 0 })), 'loading data and building the model…');
  assert.equal(progressMessage('train', undefined), 'loading data and building the model…');
  assert.equal(progressMessage('evaluate', undefined), 'testing on the test set…');
  assert.equal(statusBarText('MnistMLP', 'train', run({ etaSeconds: 42 }), 1), '$(sync~spin) Training MnistMLP: epoch 3/10 · batch 120/375 · ETA 0:42 (+1)');
  assert.equal(progressPercent('train', run({})), ((2 * 375 + 120) / 3750) * 100);
  assert.equal(progressPercent('train', run({ status: 'completed' })), 100);
  assert.equal(progressPercent('evaluate', run({})), 0);
});
