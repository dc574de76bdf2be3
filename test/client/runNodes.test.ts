// The Runs view's rows: status icons, epochs (live while training), test accuracy, engine,
// the spec-changed mark, labels; all from a run listing, without VS Code.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runTime } from '../../client/src/panel/view/format';
import { describeRun } from '../../client/src/runs/runNodes';
import type { RunListing } from '../../src/engine/run-list';

const run: RunListing = {
  model: 'MnistMLP',
  spec: '/w/mnist-mlp.dnn',
  runDir: '/w/.dnn/runs/MnistMLP/2025-11-25_23-19-05',
  label: null,
  status: 'completed',
  startedAt: new Date(2025, 10, 25, 23, 19, 5).toISOString(),
  epochs: 10,
  engine: 'tfjs',
  specChanged: false,
  test: { loss: 0.0912, accuracy: 0.9734 },
};

test('a completed run: time, epochs, accuracy, engine, a pass icon, every action', () => {
  const node = describeRun(run);
  assert.equal(node.label, '2025-11-25 23:19');
  assert.equal(node.description, '10 epochs · 97.3% · tfjs');
  assert.equal(node.icon, 'pass');
  assert.equal(node.contextValue, 'dnn.run');
  assert.match(node.tooltip, /^MnistMLP: completed\nstarted 2025-11-25 23:19\ntest accuracy 97\.34%, loss 0\.0912\nengine tfjs\ntrained from the spec as it is\nspec \/w\/mnist-mlp\.dnn\n\/w\/\.dnn\/runs/);
});

test('labels, stopped and failed runs, a changed spec, another engine', () => {
  const node = describeRun({ ...run, label: 'wider', status: 'stopped', epochs: 1, test: null, specChanged: true, engine: 'pytorch' });
  assert.equal(node.label, 'wider · 2025-11-25 23:19');
  assert.equal(node.description, '1 epoch · pytorch · spec changed');
  assert.equal(node.icon, 'debug-stop');
  assert.equal(describeRun({ ...run, status: 'failed' }).icon, 'error');
});

test('an unfinished run shows the live epoch while it trains and offers no evaluate or compare', () => {
  const unfinished = { ...run, status: 'unfinished' as const, epochs: 0, test: null };
  assert.equal(describeRun(unfinished).description, '0 epochs · tfjs');
  const live = describeRun(unfinished, 3);
  assert.equal(live.description, 'training, 3 epochs · tfjs');
  assert.equal(live.icon, 'loading~spin');
  assert.equal(live.contextValue, 'dnn.run.unfinished');
  assert.equal(runTime('not a date'), 'not a date');
});
