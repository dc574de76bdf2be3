// The extension's training path without VS Code, with real parts: the controller starts jobs in
// real worker threads through the engine's runner, on real MNIST subsets, and the events build
// the panel state exactly as the extension does.
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { TrainEvent, TrainOptions } from '../../src/protocol/engine';
import { defaultWorkerFile } from '../../src/engine/runner';
import type { PanelState } from '../../client/src/panel/messages';
import { applyJobEvent, beginEvaluation, beginTraining, initialPanelState, withRunFromDisk } from '../../client/src/panel/state';
import { TrainingController, type JobRequest } from '../../client/src/training/controller';
import { workerLauncher } from '../../client/src/training/engineJobs';
import { listRuns } from '../../client/src/training/runs';

const example = join(__dirname, '..', '..', 'examples', 'mnist-mlp.dnn');

function workspace() {
  const dir = mkdtempSync(join(tmpdir(), 'dnn-flow-'));
  const specFile = join(dir, 'mnist-mlp.dnn');
  cpSync(example, specFile);
  return { specFile, runsRoot: join(dir, 'runs') };
}

/** A controller whose events fold into panel states, as registerTrainingFeatures wires it. */
function extensionLike(answer = false) {
  const states = new Map<string, PanelState>();
  const closing: TrainEvent['type'][] = [];
  let questions = 0;
  const controller = new TrainingController({
    confirmReplace: async () => {
      questions++;
      return answer;
    },
  });
  controller.onEvent((job, event) => {
    states.set(job.key, applyJobEvent(states.get(job.key) ?? initialPanelState(job.key, job.label), job.kind, event));
    if (event.type === 'done' || event.type === 'stopped' || event.type === 'error') closing.push(event.type);
  });
  const launcher = workerLauncher(defaultWorkerFile());
  /** A Train request as the Train command makes it: the panel's state starts over, then a worker trains. */
  const trainRequest = (key: string, label: string, options: TrainOptions): JobRequest => ({
    key,
    label,
    kind: 'train',
    start: (onEvent) => {
      states.set(key, beginTraining(initialPanelState(key, label)));
      return launcher.train(options, onEvent);
    },
  });
  return { controller, states, closing, questions: () => questions, launcher, trainRequest };
}

test('train in a worker, then evaluate the saved run: the panel state has curves, results and the run', async () => {
  const { specFile, runsRoot } = workspace();
  const { controller, states, closing, launcher, trainRequest } = extensionLike();
  const key = `file://${specFile}`;
  const started = await controller.start(trainRequest(key, 'mnist-mlp.dnn', { specFile, runsRoot, epochs: 2, trainLimit: 2000, testLimit: 1000, seed: 7 }));
  assert.ok(started.started);
  await started.job.finished;

  const trained = states.get(key)!;
  assert.equal(trained.title, 'MnistMLP');
  assert.equal(trained.run?.status, 'completed', trained.run?.error);
  assert.deepEqual(trained.run?.history.map((r) => r.epoch), [1, 2]);
  assert.ok(trained.run!.history[1].valAccuracy! > 0.5, 'it learns');
  assert.ok(trained.run!.batches.points.length > 0, 'a per-batch line');
  assert.equal(trained.evaluation?.result?.samples, 1000);
  assert.equal(trained.evaluation?.result?.confusion.length, 10);
  assert.ok(trained.evaluation!.result!.accuracy > 0.5);
  assert.ok(existsSync(join(trained.run!.runDir!, 'metrics.json')));
  assert.deepEqual(closing, ['done']);

  const runs = await listRuns(runsRoot, 'MnistMLP');
  assert.equal(runs.length, 1);
  assert.equal(runs[0].dir, trained.run?.runDir);

  const evaluated = await controller.start({
    key,
    label: 'MnistMLP',
    kind: 'evaluate',
    start: (onEvent) => {
      states.set(key, beginEvaluation(withRunFromDisk(states.get(key)!, runs[0].metrics, runs[0].dir), runs[0].dir));
      return launcher.evaluate({ specFile, runDir: runs[0].dir }, onEvent);
    },
  });
  assert.ok(evaluated.started);
  await evaluated.job.finished;
  const state = states.get(key)!;
  assert.equal(state.evaluation?.status, 'done');
  assert.equal(state.evaluation?.specChanged, false);
  assert.equal(state.evaluation?.result?.samples, 10000, 'evaluation covers the full test set');
  assert.ok(state.evaluation!.result!.misclassified.length > 0);
  assert.equal(state.evaluation!.result!.misclassified[0].pixels.length, 784);
  assert.equal(state.notice, undefined);
  assert.deepEqual(closing, ['done', 'done']);
});

test('stop from the controller ends a real training as stopped, and a second request is asked about first', async () => {
  const { specFile, runsRoot } = workspace();
  const { controller, states, closing, questions, trainRequest } = extensionLike(false);
  const key = `file://${specFile}`;
  let batches = 0;
  let resolveFirstBatch!: () => void;
  const firstBatch = new Promise<void>((resolve) => (resolveFirstBatch = resolve));
  controller.onEvent((_job, event) => {
    if (event.type === 'batch' && ++batches === 1) resolveFirstBatch();
  });
  const request = trainRequest(key, 'MnistMLP', { specFile, runsRoot, epochs: 200, trainLimit: 2000, testLimit: 100, seed: 1 });
  const started = await controller.start(request);
  assert.ok(started.started);
  await firstBatch;

  assert.deepEqual(await controller.start(request), { started: false, reason: 'kept-running' });
  assert.equal(questions(), 1);

  assert.equal(controller.stop(key), true);
  await started.job.finished;
  assert.deepEqual(closing, ['stopped']);
  const state = states.get(key)!;
  assert.equal(state.run?.status, 'stopped');
  assert.ok(state.run!.history.length < 200);
  assert.ok(state.run?.runDir && existsSync(join(state.run.runDir, 'metrics.json')), 'the stopped run is kept');
  assert.equal(controller.running(key), undefined);
});

test('a broken spec ends the job with the engine\'s plain error', async () => {
  const { specFile, runsRoot } = workspace();
  writeFileSync(specFile, 'model Broken {\n    Input(shape=[784])\n    Dense(10, activation=rellu)\n}\n');
  const { controller, states, closing, trainRequest } = extensionLike();
  const key = `file://${specFile}`;
  const started = await controller.start(trainRequest(key, 'Broken', { specFile, runsRoot }));
  assert.ok(started.started);
  await started.job.finished;
  assert.deepEqual(closing, ['error']);
  const run = states.get(key)!.run!;
  assert.equal(run.status, 'failed');
  assert.match(run.error ?? '', /rellu/);
  assert.doesNotMatch(run.error ?? '', /\n\s+at /, 'no stack trace');
});
