// package.json's contributions are held to what the extension registers: its `commands` are
// exactly the commands setUpExtension (what activate() runs) registers, every menu names one of
// them, every `dnn.*` name in a `when` clause is a context key the extension sets or the results
// view, and the server's CodeLenses run registered commands.
import './fakes/useFakeVscode';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, test } from 'node:test';
import { setUpExtension } from '../../client/src/wiring';
import { analyze } from '../../src/language/analyzer';
import { codeLenses } from '../../src/language/features/codeLens';
import { contextKeys, resultsViewType, runItemContexts, runsViewId } from '../../src/protocol/commands';
import { Uri, world } from './fakes/vscode';

const root = join(__dirname, '..', '..');

interface MenuEntry {
  command: string;
  when?: string;
}
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  activationEvents: string[];
  contributes: { commands: { command: string; title: string; category: string }[]; menus: Record<string, MenuEntry[]> };
};

/** The commands the extension registers at activation, in a fake VS Code. */
function registeredCommands(): string[] {
  const context = { extensionUri: Uri.file(root), asAbsolutePath: (p: string) => join(root, p), subscriptions: [] as { dispose(): void }[] };
  const log = () => {};
  const client = { isRunning: () => false, start: async () => {}, stop: async () => {} };
  setUpExtension(context as never, { info: log, warn: log, error: log, show: log } as never, () => client as never);
  return [...world.commands.keys()].sort();
}

beforeEach(() => world.reset());

test('contributes.commands is exactly the set of commands the extension registers, each titled in the DNN category', () => {
  const registered = registeredCommands();
  assert.ok(registered.length >= 5, 'train, evaluate, stop, summary and restart at least');
  assert.deepEqual(manifest.contributes.commands.map((c) => c.command).sort(), registered);
  for (const command of manifest.contributes.commands) {
    assert.equal(command.category, 'DNN', command.command);
    assert.ok(command.title.length > 0, command.command);
  }
});

test('every menu entry names a registered command; when clauses name only keys the extension sets', () => {
  const registered = new Set(registeredCommands());
  const known = new Set<string>([...Object.values(contextKeys), resultsViewType, runsViewId, ...Object.values(runItemContexts)]);
  const set = world.executed.filter((e) => e.command === 'setContext').map((e) => e.args[0]);
  assert.deepEqual(set, [contextKeys.trainingRunning], 'the context key is set at activation (false: nothing trains)');
  const menus = Object.entries(manifest.contributes.menus);
  assert.ok(menus.length >= 4);
  for (const [menu, entries] of menus) {
    for (const entry of entries) {
      assert.ok(registered.has(entry.command), `${menu}: ${entry.command} is not registered`);
      for (const name of entry.when?.match(/\bdnn\.[A-Za-z.]+/g) ?? []) assert.ok(known.has(name), `${menu}: when clause names unknown ${name}`);
    }
  }
  assert.ok(manifest.activationEvents.includes(`onWebviewPanel:${resultsViewType}`));
});

test('the CodeLenses on `model` run registered commands', () => {
  const registered = new Set(registeredCommands());
  const lenses = codeLenses(analyze('model M {\n  Input(shape=[4])\n  Dense(2)\n}\n'));
  assert.deepEqual(lenses.map((lens) => lens.title), ['Train', 'Evaluate', 'Summary', 'Export']);
  for (const lens of lenses) assert.ok(registered.has(lens.command), lens.command);
});
