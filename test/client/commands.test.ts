// The training commands with a fake VS Code, a fake language client and a fake engine: which
// document they act on, saving first, refusing models with errors, settings, runs for
// Evaluate, Stop, and Export Model (with the engine's real export).
import './fakes/useFakeVscode';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, test } from 'node:test';
import { runMetrics } from '../support/run-metrics';
import type { ModelSummary } from '../../client/src/panel/messages';
import { ResultsPanels } from '../../client/src/panel/resultsPanels';
import { applyJobEvent } from '../../client/src/panel/state';
import { Ctx } from '../../client/src/ctx';
import { TrainingCommands } from '../../client/src/training/commands';
import { TrainingController } from '../../client/src/training/controller';
import { writeRunLabel } from '../../src/engine/run-list';
import { train } from '../../src/engine/train';
import { runExport } from '../../src/export/run-export';
import { runCommandHandlers } from '../../client/src/runs/runCommands';
import { RunsTree } from '../../client/src/runs/runsView';
import { FakeLauncher } from './fakes/engine';
import { DiagnosticSeverity, Uri, world } from './fakes/vscode';

const cleanSummary: ModelSummary = { model: 'MnistMLP', layers: [], totalParams: 55050, trainableParams: 55050, errors: 0, text: 'Model: "MnistMLP"' };

/** `null`: no language server running. */
function setup(summary: ModelSummary | null = cleanSummary) {
  const folder = mkdtempSync(join(tmpdir(), 'dnn-cmd-'));
  const document = world.addDocument(join(folder, 'mnist-mlp.dnn'));
  const launcher = new FakeLauncher();
  const controller = new TrainingController({ confirmReplace: async () => false });
  const panels = new ResultsPanels(Uri.file('/ext') as never, () => {});
  controller.onEvent((job, event) => panels.update(job.key, (s) => applyJobEvent(s, job.kind, event)));
  const logs: string[] = [];
  const log = (text: string) => logs.push(text);
  const output = { info: log, warn: log, error: log, show: () => {} };
  const requests: unknown[] = [];
  const client = summary === null ? undefined : {
    isRunning: () => true,
    sendRequest: async (method: string, params: unknown) => {
      requests.push([method, params]);
      return summary;
    },
  };
  const commands = new TrainingCommands({ output: output as never, client: () => client as never, panels, controller, launcher, runExport });
  new Ctx({ subscriptions: [] } as never, output as never, () => client as never).registerCommands({
    ...commands.handlers(),
    ...runCommandHandlers({ tree: new RunsTree(), showRun: (specFile, runDir) => commands.showRun(specFile, runDir), showLabel: (specFile, runDir, label) => commands.showRunLabel(specFile, runDir, label), compare: async () => {} }),
    restartServer: () => {},
  });
  return { folder, document, launcher, controller, panels, logs, requests, run: (command: string, ...args: unknown[]) => world.commands.get(command)!(...args) as Promise<void> };
}

beforeEach(() => world.reset());

test('Train on the active editor: saves unsaved changes first, then trains the file with the settings', async () => {
  const { document, launcher, run, requests, panels, folder } = setup();
  document.isDirty = true;
  world.activeTextEditor = { document };
  await run('dnn.train');
  assert.deepEqual(world.saved, [document.uri.fsPath], 'never trains a stale file, never loses the edit');
  assert.deepEqual(requests, [['dnn/modelSummary', { uri: document.uri.toString() }]]);
  assert.deepEqual(launcher.trainCalls, [{ specFile: document.uri.fsPath, backend: 'wasm', threads: undefined, runsRoot: join(folder, '.dnn', 'runs') }]);
  assert.equal(world.panels.length, 1, 'the results panel opens');
  assert.equal(panels.state(document.uri.toString())?.run?.status, 'running');
  assert.equal(panels.state(document.uri.toString())?.summary?.totalParams, 55050);
  assert.deepEqual(world.progress.map((p) => p.title), ['Training MnistMLP']);

  // Cancel in the notification stops the job.
  world.progress[0].cancel();
  assert.equal(launcher.jobs[0].stopRequests, 1);
  await launcher.jobs[0].finish({ type: 'stopped', epoch: 1, batch: 3 });
});

test('the CodeLens URI argument wins over the active editor; settings pick backend, threads and runs folder', async () => {
  const { document, launcher, run, folder } = setup();
  world.activeTextEditor = { document: world.addDocument('/elsewhere/other.dnn') };
  world.configuration = { backend: 'cpu', threads: 1, runsDirectory: 'runs' };
  await run('dnn.train', document.uri.toString());
  assert.deepEqual(launcher.trainCalls, [{ specFile: document.uri.fsPath, backend: 'cpu', threads: 1, runsRoot: join(folder, 'runs') }]);
});

test('a model with errors is refused, naming the first errors, with a way to the Problems panel', async () => {
  const { document, launcher, run } = setup({ ...cleanSummary, errors: 2 });
  world.diagnostics.set(document.uri.toString(), [
    { severity: DiagnosticSeverity.Warning, message: 'softmax in a hidden layer', range: { start: { line: 2, character: 4 } } },
    { severity: DiagnosticSeverity.Error, message: "unknown activation 'rellu'", code: 'DNN204', range: { start: { line: 4, character: 25 } } },
    { severity: DiagnosticSeverity.Error, message: 'the output has 64 classes', code: 'DNN310', range: { start: { line: 3, character: 4 } } },
  ]);
  world.answers = ['Show Problems'];
  await run('dnn.train', document.uri);
  assert.equal(launcher.trainCalls.length, 0);
  assert.deepEqual(world.messages.map((m) => [m.severity, m.text, m.items]), [
    ['error', "Cannot train MnistMLP: 2 errors. Line 4: the output has 64 classes (DNN310). Line 5: unknown activation 'rellu' (DNN204).", ['Show Problems']],
  ]);
  await new Promise((resolve) => setImmediate(resolve));
  assert.ok(world.executed.some((e) => e.command === 'workbench.actions.view.problems'));
});

test('no .dnn editor and no argument: a clear message, nothing runs', async () => {
  const { launcher, run } = setup();
  world.activeTextEditor = { document: world.addDocument('/notes.txt', { languageId: 'plaintext' }) };
  await run('dnn.train');
  assert.equal(launcher.trainCalls.length, 0);
  assert.match(world.messages[0].text, /Open a \.dnn file first/);
});

test('an untitled file the user does not save is not trained', async () => {
  const { launcher, run } = setup();
  const untitled = world.addDocument('/Untitled-1', { isUntitled: true });
  world.documents.delete(untitled.uri.toString()); // save() finds nothing: the user cancelled Save As
  world.activeTextEditor = { document: untitled };
  await run('dnn.train');
  assert.equal(launcher.trainCalls.length, 0);
  assert.match(world.messages[0].text, /needs the file saved/);
});

function writeRun(runsRoot: string, name: string, createdAt: string): string {
  const dir = join(runsRoot, 'MnistMLP', name);
  mkdirSync(dir, { recursive: true });
  const metrics = runMetrics({
    createdAt,
    config: { epochs: 2, batchSize: 128, validationSplit: 0.2, optimizer: 'adam', loss: 'categorical_crossentropy' },
    history: [{ epoch: 1, loss: 0.3, accuracy: 0.9, seconds: 1 }, { epoch: 2, loss: 0.2, accuracy: 0.94, seconds: 1 }],
    timings: { totalSeconds: 2, secondsPerEpoch: 1 },
  });
  writeFileSync(join(dir, 'metrics.json'), JSON.stringify(metrics));
  return dir;
}

test('Evaluate uses the latest run, shows its curves at once, and can pick another run', async () => {
  const { document, launcher, run, folder, panels } = setup();
  const runsRoot = join(folder, '.dnn', 'runs');
  const older = writeRun(runsRoot, 'a', '2025-01-01T00:00:00.000Z');
  const newer = writeRun(runsRoot, 'b', '2025-02-01T00:00:00.000Z');
  await run('dnn.evaluate', document.uri.toString());
  assert.deepEqual(launcher.evaluateCalls, [{ specFile: document.uri.fsPath, runDir: newer, backend: 'wasm', threads: undefined }]);
  const state = panels.state(document.uri.toString());
  assert.equal(state?.run?.history.length, 2, "the run's curves from its metrics.json");
  assert.equal(state?.evaluation?.status, 'running');
  await launcher.jobs[0].finish({ type: 'done', runDir: '', secondsPerEpoch: 0 });

  world.quickPickAnswers = [1];
  await run('dnn.evaluate', document.uri.toString(), { pickRun: true });
  assert.equal(launcher.evaluateCalls[1].runDir, older);
});

test('Evaluate without a saved run offers to train', async () => {
  const { document, launcher, run } = setup();
  world.answers = [undefined];
  await run('dnn.evaluate', document.uri.toString());
  assert.equal(launcher.evaluateCalls.length, 0);
  assert.match(world.messages[0].text, /MnistMLP has no saved run .* train it first/);
  assert.deepEqual(world.messages[0].items, ['Train']);
});

test('Stop: says so when nothing runs; stops the model of the argument', async () => {
  const { document, launcher, run } = setup();
  await run('dnn.stopTraining');
  assert.match(world.messages[0].text, /No DNN training is running/);
  await run('dnn.train', document.uri.toString());
  await run('dnn.stopTraining', document.uri.toString());
  assert.equal(launcher.jobs[0].stopRequests, 1);
  await launcher.jobs[0].finish({ type: 'stopped', epoch: 1, batch: 1 });
});

test('Summary opens the panel with the model from the language server, and says when the server is down', async () => {
  const { document, run, panels } = setup();
  await run('dnn.showSummary', document.uri.toString());
  assert.equal(panels.state(document.uri.toString())?.summary?.model, 'MnistMLP');
  assert.equal(world.panels[0].title, 'DNN: MnistMLP');

  world.reset();
  const down = setup(null);
  await down.run('dnn.showSummary', down.document.uri.toString());
  assert.equal(world.panels.length, 1);
  assert.match(world.messages[0].text, /language server, which is not answering/);
});

/** The document's file on disk (the article's MLP, model MnistMLP), trained for a few batches by the real engine. */
async function trainedOnDisk(document: { uri: Uri }): Promise<string> {
  copyFileSync(join(__dirname, '..', '..', 'examples', 'mnist-mlp.dnn'), document.uri.fsPath);
  const { runDir } = await train({ specFile: document.uri.fsPath, epochs: 1, trainLimit: 256, testLimit: 10, backend: 'cpu' });
  return runDir;
}

test('Export Model: the format, then a folder; the latest run is exported there, and the result can be revealed', { timeout: 120_000 }, async () => {
  const { document, run, folder } = setup();
  const runDir = await trainedOnDisk(document);
  const target = join(folder, 'exports');
  mkdirSync(target);
  world.quickPickAnswers = [1]; // ONNX
  world.openDialogAnswers = [[target]];
  world.answers = ['Reveal'];
  await run('dnn.exportModel', document.uri.toString());
  const out = join(target, 'MnistMLP.onnx');
  assert.ok(statSync(out).size > 55050 * 4, 'the weights are in the file');
  assert.deepEqual(world.progress.map((p) => p.title), ['Exporting MnistMLP to ONNX']);
  assert.equal(world.messages.at(-1)?.text, `Exported MnistMLP as ONNX to ${out}.`);
  assert.deepEqual(world.messages.at(-1)?.items, ['Reveal']);
  assert.deepEqual(world.executed.at(-1), { command: 'revealFileInOS', args: [Uri.file(out)] });
  assert.ok(runDir.startsWith(join(folder, '.dnn', 'runs', 'MnistMLP')));

  // Again to the same folder: asked first; declining leaves the file alone, accepting replaces it.
  writeFileSync(out, 'mine');
  world.quickPickAnswers = [1];
  world.openDialogAnswers = [[target]];
  world.answers = [undefined];
  await run('dnn.exportModel', document.uri.toString());
  assert.equal(world.messages.at(-1)?.text, `${out} already exists. Replace it?`);
  assert.equal(world.messages.at(-1)?.modal, true);
  assert.equal(readFileSync(out, 'utf8'), 'mine');
  world.quickPickAnswers = [2]; // Keras: a Python file and its weights, opened as text
  world.openDialogAnswers = [[target]];
  world.answers = ['Open'];
  await run('dnn.exportModel', document.uri.toString());
  assert.deepEqual(world.shownFiles, [join(target, 'mnist_mlp_keras.py')]);
  assert.ok(existsSync(join(target, 'mnist_mlp_keras.weights.npz')));
});

test('Export Model without a run offers fresh weights; cancelling any question exports nothing', { timeout: 120_000 }, async () => {
  const { document, run, folder } = setup();
  copyFileSync(join(__dirname, '..', '..', 'examples', 'mnist-mlp.dnn'), document.uri.fsPath);
  world.quickPickAnswers = [3]; // tfjs
  world.answers = [undefined];
  await run('dnn.exportModel', document.uri.toString());
  assert.equal(world.messages[0].text, 'MnistMLP has no trained run yet. Export it with fresh, untrained weights?');
  assert.deepEqual(world.messages[0].items, ['Export Untrained']);

  world.quickPickAnswers = [3];
  world.answers = ['Export Untrained'];
  world.openDialogAnswers = [undefined];
  await run('dnn.exportModel', document.uri.toString());
  assert.equal(world.progress.length, 0, 'no folder, no export');

  world.quickPickAnswers = [3];
  world.answers = ['Export Untrained', 'Open'];
  world.openDialogAnswers = [[folder]];
  await run('dnn.exportModel', document.uri.toString());
  assert.deepEqual(world.shownFiles, [join(folder, 'MnistMLP-tfjs', 'model.json')]);
  assert.ok(statSync(join(folder, 'MnistMLP-tfjs', 'weights.bin')).size === 55050 * 4);

  world.quickPickAnswers = [];
  await run('dnn.exportModel', document.uri.toString());
  assert.equal(world.progress.length, 1, 'no format picked, nothing exported');
});

test('Export Run (the Runs view) exports the run it names, not the latest; a labelled run shows its label in the results panel', { timeout: 120_000 }, async () => {
  const { document, run, folder, logs, panels } = setup();
  const older = await trainedOnDisk(document);
  const { runDir: newer } = await train({ specFile: document.uri.fsPath, epochs: 1, trainLimit: 256, testLimit: 10, backend: 'cpu' });
  assert.notEqual(older, newer);
  world.quickPickAnswers = [3]; // tfjs
  world.openDialogAnswers = [[folder]];
  world.answers = [undefined];
  await run('dnn.exportModel', document.uri.toString(), { runDir: older });
  assert.ok(logs.some((line) => line.includes(`(run ${older})`)), logs.join('\n'));
  assert.ok(statSync(join(folder, 'MnistMLP-tfjs', 'weights.bin')).size === 55050 * 4);

  await writeRunLabel(older, 'first try');
  await run('dnn.openRun', { kind: 'run', run: { spec: document.uri.fsPath, runDir: older } });
  assert.equal(panels.state(document.uri.toString())?.run?.label, 'first try');
  world.inputBoxAnswers = [''];
  await run('dnn.labelRun', { kind: 'run', run: { spec: document.uri.fsPath, runDir: older, model: 'MnistMLP', label: 'first try' } });
  assert.equal(existsSync(join(older, 'label.txt')), false);
  assert.equal(panels.state(document.uri.toString())?.run?.label, undefined, 'the label removed in the view is removed in the panel');
});

test('Export Model refuses a model with errors, as Train does', async () => {
  const { document, run } = setup({ ...cleanSummary, errors: 1 });
  await run('dnn.exportModel', document.uri.toString());
  assert.match(world.messages[0].text, /^Cannot export MnistMLP: 1 error/);
  assert.equal(world.quickPickAnswers.length, 0);
});
