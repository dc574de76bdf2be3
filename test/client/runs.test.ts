// Finding a model's saved runs on disk, for Evaluate and its run picker.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { RunMetrics } from '../../src/protocol/engine';
import { listRuns, readRunMetrics, resolveRunsRoot } from '../../client/src/training/runs';
import { runMetrics } from '../support/run-metrics';

function metrics(model: string, createdAt: string): RunMetrics {
  return runMetrics({ model, createdAt });
}

function writeRun(root: string, folder: string, run: string, content: RunMetrics | string): string {
  const dir = join(root, folder, run);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'metrics.json'), typeof content === 'string' ? content : JSON.stringify(content));
  return dir;
}

test('runs of the model, newest first; unfinished, broken and other models left out', async () => {
  const root = mkdtempSync(join(tmpdir(), 'dnn-runs-'));
  const older = writeRun(root, 'MnistMLP', '2025-01-01_10-00-00', metrics('MnistMLP', '2025-01-01T10:00:00.000Z'));
  const newer = writeRun(root, 'MnistMLP', '2025-01-02_10-00-00', metrics('MnistMLP', '2025-01-02T10:00:00.000Z'));
  mkdirSync(join(root, 'MnistMLP', '2025-01-03_10-00-00')); // unfinished: no metrics.json yet
  writeRun(root, 'MnistMLP', 'broken', '{ not json');
  writeRun(root, 'MnistMLP', 'foreign', JSON.stringify({ hello: 'world' }));
  writeRun(root, 'MnistCNN', '2025-01-04_10-00-00', metrics('MnistCNN', '2025-01-04T10:00:00.000Z'));
  writeFileSync(join(root, 'stray-file.txt'), 'not a folder');

  const runs = await listRuns(root, 'MnistMLP');
  assert.deepEqual(runs.map((r) => r.dir), [newer, older]);
  assert.equal(runs[0].metrics.model, 'MnistMLP');
  assert.deepEqual(await listRuns(root, 'Unknown'), []);
  assert.deepEqual(await listRuns(join(root, 'missing'), 'MnistMLP'), [], 'no runs folder yet is not an error');
  assert.equal(await readRunMetrics(join(root, 'MnistMLP', 'broken')), undefined);
});

test('the runs folder: default beside the file, relative to it, or absolute', () => {
  assert.equal(resolveRunsRoot('/work/models/mlp.dnn', ''), '/work/models/.dnn/runs');
  assert.equal(resolveRunsRoot('/work/models/mlp.dnn', undefined), '/work/models/.dnn/runs');
  assert.equal(resolveRunsRoot('/work/models/mlp.dnn', '  '), '/work/models/.dnn/runs');
  assert.equal(resolveRunsRoot('/work/models/mlp.dnn', '../runs'), '/work/runs');
  assert.equal(resolveRunsRoot('/work/models/mlp.dnn', '/data/runs'), '/data/runs');
});
