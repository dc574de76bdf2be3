// The results panel's serializer trusts nothing in the webview's saved state (issue 10): a
// panel comes back only for a .dnn file of the workspace, with only that model's run folders.
import './fakes/useFakeVscode';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, realpathSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, test } from 'node:test';
import type { PanelState } from '../../client/src/panel/messages';
import { decideRestore } from '../../client/src/panel/restore';
import { ResultsPanels } from '../../client/src/panel/resultsPanels';
import { workspaceRestorePorts } from '../../client/src/panel/workspaceRestore';
import { beginTraining } from '../../client/src/panel/state';
import { resultsViewType } from '../../src/protocol/commands';
import { Uri, window, world } from './fakes/vscode';

const example = join(__dirname, '..', '..', 'examples', 'mnist-mlp.dnn');

/** A workspace folder holding mnist-mlp.dnn and one (unfinished) run of its model, and a folder beside it outside the workspace. */
function workspace() {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'dnn-restore-')));
  const folder = join(root, 'ws');
  const outside = join(root, 'outside');
  mkdirSync(folder);
  mkdirSync(outside);
  const specFile = join(folder, 'mnist-mlp.dnn');
  cpSync(example, specFile);
  cpSync(example, join(outside, 'elsewhere.dnn'));
  const runDir = join(folder, '.dnn', 'runs', 'MnistMLP', '20261201-230000');
  mkdirSync(runDir, { recursive: true });
  world.workspaceFolders = [folder];
  return { folder, outside, specFile, uri: Uri.file(specFile).toString(), runDir };
}

const state = (uri: string, runDir?: string): PanelState => ({
  version: 1,
  uri,
  title: 'MnistMLP',
  ...(runDir ? { run: { ...beginTraining({ version: 1, uri, title: 'MnistMLP' }).run!, status: 'completed', runDir } } : {}),
});

beforeEach(() => world.reset());

test("the issue's state: a uri that is no .dnn file of the workspace is not restored, and says so", async () => {
  const { outside } = workspace();
  for (const uri of ['file:///etc/passwd', Uri.file(join(outside, 'elsewhere.dnn')).toString(), 'command:workbench.action.quit', 'https://example.com/a.dnn']) {
    const decision = await decideRestore(state(uri), workspaceRestorePorts);
    assert.deepEqual(decision, {
      restore: false,
      message: `These results were not restored: ${uri} is not a .dnn file of this workspace. Open the model and run DNN: Show Model Summary.`,
    });
  }
});

test('a symbolic link or .. out of the workspace, a folder named .dnn, a missing file: not restored', async () => {
  const { folder, outside } = workspace();
  symlinkSync(join(outside, 'elsewhere.dnn'), join(folder, 'link.dnn'));
  mkdirSync(join(folder, 'dir.dnn'));
  for (const path of [join(folder, 'link.dnn'), join(folder, 'dir.dnn'), join(folder, 'missing.dnn')]) {
    assert.equal((await decideRestore(state(Uri.file(path).toString()), workspaceRestorePorts)).restore, false, path);
  }
  assert.equal((await decideRestore(state(`file://${folder}/../outside/elsewhere.dnn`), workspaceRestorePorts)).restore, false, 'a .. spelling');
  world.workspaceFolders = [];
  assert.equal((await decideRestore(state(Uri.file(join(folder, 'mnist-mlp.dnn')).toString()), workspaceRestorePorts)).restore, false, 'no workspace folder');
});

test("the model's own file and run are restored as saved; a run folder that is not the model's is dropped with a notice", async () => {
  const { uri, runDir } = workspace();
  assert.deepEqual(await decideRestore(state(uri, runDir), workspaceRestorePorts), { restore: true, state: state(uri, runDir) });
  const stranger = await decideRestore(state(uri, '/etc'), workspaceRestorePorts);
  assert.ok(stranger.restore);
  assert.equal(stranger.state.run, undefined, 'the stranger run is not shown');
  assert.equal(stranger.state.uri, uri);
  assert.deepEqual(stranger.state.notice, { severity: 'warning', text: 'Not restored: /etc is not a run of this model.' });
});

test('the serializer shows a panel that is not restored as a message without script or buttons; a good one as the model', async () => {
  const { uri } = workspace();
  const commands: string[] = [];
  const manager = new ResultsPanels(Uri.file('/ext') as never, (_uri, command) => commands.push(command));
  manager.registerSerializer();
  const serializer = world.serializers.get(resultsViewType)!;

  const hostile = window.createWebviewPanel(resultsViewType, 'old', {}, {});
  await serializer.deserializeWebviewPanel(hostile, state('file:///etc/passwd.dnn'));
  assert.equal(hostile.disposed, false);
  assert.equal(hostile.webview.options.enableScripts, false);
  assert.equal(hostile.title, 'DNN: results not restored');
  assert.match(hostile.webview.html, /These results were not restored: file:\/\/\/etc\/passwd\.dnn is not a \.dnn file of this workspace\./);
  assert.doesNotMatch(hostile.webview.html, /<script/);
  hostile.webview.fromWebview.fire({ type: 'command', command: 'train' });
  assert.deepEqual(commands, [], 'nothing of it can run a command');
  assert.equal(manager.state('file:///etc/passwd.dnn'), undefined);

  const good = window.createWebviewPanel(resultsViewType, 'old', {}, {});
  await serializer.deserializeWebviewPanel(good, state(uri));
  assert.equal(good.webview.options.enableScripts, true);
  assert.equal(manager.state(uri)?.title, 'MnistMLP');
});

test('markup in a hostile uri is escaped in the message page', async () => {
  workspace();
  const manager = new ResultsPanels(Uri.file('/ext') as never, () => {});
  manager.registerSerializer();
  const panel = window.createWebviewPanel(resultsViewType, 'old', {}, {});
  await world.serializers.get(resultsViewType)!.deserializeWebviewPanel(panel, state('file:///a/<img src=x onerror=alert(1)>.dnn'));
  assert.doesNotMatch(panel.webview.html, /<img/);
  assert.match(panel.webview.html, /&lt;img src=x onerror=alert\(1\)&gt;/);
});
