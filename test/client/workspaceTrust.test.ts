// Workspace Trust (issue 10): the extension declares limited support for untrusted
// workspaces; there, Train, Evaluate, Export and Try it start nothing and say why, with a
// button to trust the workspace. The language features need nothing of it (the server reads
// no data file: src/language imports no file system, the server reads only .dnn documents).
import './fakes/useFakeVscode';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, test } from 'node:test';
import type { ModelSummary } from '../../client/src/panel/messages';
import { ResultsPanels } from '../../client/src/panel/resultsPanels';
import { TrainingCommands } from '../../client/src/training/commands';
import { TrainingController } from '../../client/src/training/controller';
import { MANAGE_TRUST, TrustedPredictor } from '../../client/src/training/trust';
import { FakeLauncher } from './fakes/engine';
import { Uri, world } from './fakes/vscode';

const root = join(__dirname, '..', '..');
const summary: ModelSummary = { model: 'MnistMLP', layers: [], totalParams: 55050, trainableParams: 55050, errors: 0, text: '' };

function setup() {
  const document = world.addDocument(join(mkdtempSync(join(tmpdir(), 'dnn-trust-')), 'mnist-mlp.dnn'));
  world.activeTextEditor = { document };
  const launcher = new FakeLauncher();
  const log = () => {};
  const client = { isRunning: () => true, sendRequest: async () => summary };
  const commands = new TrainingCommands({
    output: { info: log, warn: log, error: log, show: log } as never,
    client: () => client as never,
    panels: new ResultsPanels(Uri.file('/ext') as never, () => {}),
    controller: new TrainingController({ confirmReplace: async () => false }),
    launcher,
    runExport: async () => {
      throw new Error('no export may start');
    },
  });
  return { document, launcher, commands };
}

beforeEach(() => world.reset());

test('package.json declares limited support for untrusted workspaces, restricting the settings that run or write things', () => {
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const untrusted = manifest.capabilities.untrustedWorkspaces;
  assert.equal(untrusted.supported, 'limited');
  assert.match(untrusted.description, /language features .* work .*training, evaluation, export and prediction .* trust/);
  for (const setting of ['dnn.python', 'dnn.engine', 'dnn.runsDirectory']) assert.ok(untrusted.restrictedConfigurations.includes(setting), setting);
  const settings = Object.keys(manifest.contributes.configuration.properties);
  for (const setting of untrusted.restrictedConfigurations) assert.ok(settings.includes(setting), `${setting} is a setting of the extension`);
});

test("the issue's case: Train in Restricted Mode starts nothing, saves nothing, and offers to trust the workspace", async () => {
  const { document, launcher, commands } = setup();
  world.trusted = false;
  document.isDirty = true;
  world.answers = [MANAGE_TRUST];
  await commands.train(undefined);
  assert.deepEqual(launcher.trainCalls, []);
  assert.deepEqual(world.saved, [], 'not even saved');
  assert.deepEqual(world.panels, [], 'no panel opened');
  assert.deepEqual(
    world.messages.map((m) => [m.severity, m.text, m.items]),
    [['warning', 'Training needs a trusted workspace: it reads the data files the model names and runs the engine on them. In Restricted Mode only the language features work.', [MANAGE_TRUST]]],
  );
  assert.deepEqual(world.executed.map((e) => e.command), ['workbench.trust.manage']);
});

test('Evaluate, Export and Try it are refused too; once trusted, Train trains', async () => {
  const { launcher, commands } = setup();
  world.trusted = false;
  await commands.evaluate(undefined);
  await commands.exportModel(undefined);
  assert.deepEqual(world.messages.map((m) => m.text.split(':')[0]), ['Evaluation needs a trusted workspace', 'Export needs a trusted workspace']);
  assert.deepEqual(launcher.evaluateCalls, []);
  const predictor = new TrustedPredictor();
  await assert.rejects(predictor.predict('/r/1', new Float32Array(784)), /Try it needs a trusted workspace/);
  await predictor.dispose();

  world.trusted = true;
  world.messages = [];
  await commands.train(undefined);
  assert.equal(launcher.trainCalls.length, 1);
  assert.deepEqual(world.messages, []);
});
