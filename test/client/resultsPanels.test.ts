// The WebviewPanel glue with a fake VS Code: one panel per model, options and CSP, the ready
// handshake through the real webview events, hide/show, commands, reopen and reload restore.
import './fakes/useFakeVscode';
import assert from 'node:assert/strict';
import { mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, test } from 'node:test';
import type { PanelCommand, PanelState } from '../../client/src/panel/messages';
import { ResultsPanels } from '../../client/src/panel/resultsPanels';
import { resultsViewType } from '../../src/protocol/commands';
import { beginTraining } from '../../client/src/panel/state';
import { Uri, world, type FakeWebviewPanel } from './fakes/vscode';

const extensionUri = Uri.file('/ext');
const modelUri = Uri.file('/work/mnist-mlp.dnn');
const key = modelUri.toString();

function panels() {
  const commands: [string, PanelCommand][] = [];
  const manager = new ResultsPanels(extensionUri as never, (uri, command) => commands.push([uri, command]));
  return { manager, commands };
}

const lastPosted = (panel: FakeWebviewPanel) => panel.webview.posted.at(-1) as { type: 'state'; state: PanelState } | undefined;

beforeEach(() => world.reset());

test('one panel per model: a second show reveals it; another model gets its own', () => {
  const { manager } = panels();
  manager.show(modelUri as never, 'MnistMLP');
  manager.show(modelUri as never, 'MnistMLP');
  assert.equal(world.panels.length, 1);
  assert.equal(world.panels[0].reveals, 1);
  assert.equal(world.panels[0].viewType, resultsViewType);
  assert.equal(world.panels[0].title, 'DNN: MnistMLP');
  manager.show(Uri.file('/work/cnn.dnn') as never, 'MnistCNN');
  assert.equal(world.panels.length, 2);
});

test('webview options and HTML: scripts on, context not retained, only the extension media folders, strict CSP', () => {
  const { manager } = panels();
  manager.show(modelUri as never, 'MnistMLP');
  const { webview } = world.panels[0];
  assert.equal(webview.options.enableScripts, true);
  assert.equal(webview.options.retainContextWhenHidden, false);
  assert.deepEqual((webview.options.localResourceRoots as Uri[]).map(String), ['file:///ext/dist/media', 'file:///ext/media']);
  const nonce = /script-src 'nonce-([^']+)'/.exec(webview.html)?.[1];
  assert.ok(nonce);
  assert.ok(webview.html.includes(`default-src 'none'; style-src ${webview.cspSource}; script-src 'nonce-${nonce}'`));
  assert.ok(webview.html.includes(`<script nonce="${nonce}" src="https://fake.vscode-cdn.net/ext/dist/media/panel.js"></script>`));
  assert.ok(webview.html.includes('href="https://fake.vscode-cdn.net/ext/media/panel.css"'));
});

test('handshake: nothing is posted until the webview says ready, then the state; hidden and shown again, the latest state', () => {
  const { manager } = panels();
  manager.show(modelUri as never, 'MnistMLP');
  const panel = world.panels[0];
  manager.update(key, beginTraining);
  assert.equal(panel.webview.posted.length, 0);
  panel.webview.fromWebview.fire({ type: 'ready' });
  assert.equal(lastPosted(panel)?.state.run?.status, 'running');

  panel.setHidden(true);
  manager.update(key, (s) => ({ ...s, title: 'Renamed' }));
  assert.equal(panel.webview.posted.length, 1, 'a hidden webview has no page to receive it');
  assert.equal(panel.title, 'DNN: Renamed', 'the tab title follows the model name');
  panel.setHidden(false);
  panel.webview.fromWebview.fire({ type: 'ready' });
  assert.equal(lastPosted(panel)?.state.title, 'Renamed');
});

test('button messages reach the command handler with the panel\'s model; junk is ignored', () => {
  const { manager, commands } = panels();
  manager.show(modelUri as never, 'MnistMLP');
  world.panels[0].webview.fromWebview.fire({ type: 'command', command: 'train' });
  world.panels[0].webview.fromWebview.fire({ type: 'command', command: 'format-disk' });
  world.panels[0].webview.fromWebview.fire(42);
  assert.deepEqual(commands, [[key, 'train']]);
});

test('a closed panel keeps following its model; reopened, it shows everything so far', () => {
  const { manager } = panels();
  manager.show(modelUri as never, 'MnistMLP');
  world.panels[0].dispose();
  manager.update(key, beginTraining);
  assert.equal(manager.state(key)?.run?.status, 'running');
  manager.show(modelUri as never, 'MnistMLP');
  const reopened = world.panels[1];
  reopened.webview.fromWebview.fire({ type: 'ready' });
  assert.equal(lastPosted(reopened)?.state.run?.status, 'running');
});

test('after a window reload the serializer restores the panel; a job that was running is shown stopped', async () => {
  const { manager } = panels();
  manager.registerSerializer();
  // The serializer restores only a .dnn file of the workspace (test/client/panelRestore.test.ts).
  const folder = realpathSync(mkdtempSync(join(tmpdir(), 'dnn-panels-')));
  writeFileSync(join(folder, 'mnist-mlp.dnn'), 'model MnistMLP {\n    Input(shape=[784])\n}\n');
  world.workspaceFolders = [folder];
  const restoredKey = Uri.file(join(folder, 'mnist-mlp.dnn')).toString();
  const saved = beginTraining({ version: 1, uri: restoredKey, title: 'MnistMLP' });
  const restored = world.panels.length;
  const panel = (await import('./fakes/vscode')).window.createWebviewPanel(resultsViewType, 'old title', {}, {});
  await world.serializers.get(resultsViewType)!.deserializeWebviewPanel(panel, saved);
  assert.equal(world.panels.length, restored + 1);
  assert.equal(panel.disposed, false);
  assert.equal(panel.webview.options.enableScripts, true);
  assert.match(panel.webview.html, /Content-Security-Policy/);
  panel.webview.fromWebview.fire({ type: 'ready' });
  assert.equal(lastPosted(panel)?.state.run?.status, 'stopped');
  assert.equal(manager.state(restoredKey)?.run?.status, 'stopped');

  const stray = (await import('./fakes/vscode')).window.createWebviewPanel(resultsViewType, 'x', {}, {});
  await world.serializers.get(resultsViewType)!.deserializeWebviewPanel(stray, { version: 0 });
  assert.equal(stray.disposed, true, 'a state from another version cannot be tied to a model');
});
