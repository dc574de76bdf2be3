// The "DNN Runs" view in a fake VS Code: runs per model of the workspace's .dnn files from
// real run folders, refreshed by the watcher and by training events (live epochs), and the
// actions on a run: open, evaluate, reveal, copy its path, label it, delete it (asks first).
import './fakes/useFakeVscode';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, test } from 'node:test';
import { runCommandHandlers } from '../../client/src/runs/runCommands';
import { RunsTree, type RunsNode } from '../../client/src/runs/runsView';
import { writeMetrics } from '../../src/engine/runs';
import { runMetrics } from '../support/run-metrics';
import { TreeItem, world, type FakeWatcher } from './fakes/vscode';

const example = join(__dirname, '..', '..', 'examples', 'mnist-mlp.dnn');

async function workspace() {
  const folder = mkdtempSync(join(tmpdir(), 'dnn-runs-view-'));
  const specFile = join(folder, 'mnist-mlp.dnn');
  copyFileSync(example, specFile);
  const runDir = (name: string) => {
    const dir = join(folder, '.dnn', 'runs', 'MnistMLP', name);
    mkdirSync(dir, { recursive: true });
    return dir;
  };
  const first = runDir('2025-01-01_10-00-00');
  await writeMetrics(first, runMetrics({ model: 'MnistMLP', createdAt: '2025-01-01T10:00:00.000Z', history: [{ epoch: 1, loss: 1, accuracy: 0.5, seconds: 1 }] }));
  const second = runDir('2025-01-02_10-00-00');
  await writeMetrics(second, runMetrics({ model: 'MnistMLP', createdAt: '2025-01-02T10:00:00.000Z', status: 'stopped' }));
  world.workspaceFiles = [specFile];
  const shown: [string, string][] = [];
  const tree = new RunsTree();
  const compared: string[][] = [];
  const labelled: [string, string, string | null][] = [];
  const handlers = runCommandHandlers({
    tree,
    showRun: async (spec, dir) => void shown.push([spec, dir]),
    showLabel: (spec, dir, label) => void labelled.push([spec, dir, label]),
    compare: async (dirs) => void compared.push(dirs),
  });
  return { folder, specFile, first, second, tree, handlers, shown, compared, labelled };
}

async function runNodes(tree: RunsTree): Promise<Extract<RunsNode, { kind: 'run' }>[]> {
  const [model] = await tree.getChildren();
  return (await tree.getChildren(model)) as Extract<RunsNode, { kind: 'run' }>[];
}

/** Resolves at the tree's next change; fails after `ms`. */
function nextChange(tree: RunsTree, ms = 5000): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no refresh within ${ms} ms`)), ms);
    const subscription = tree.onDidChangeTreeData(() => {
      clearTimeout(timer);
      subscription.dispose();
      resolve();
    });
  });
}

beforeEach(() => world.reset());

test('lists each model with its runs newest first: status icons, epochs, and a click opens the results', { timeout: 10_000 }, async () => {
  const { tree, specFile, first, second } = await workspace();
  const [model] = await tree.getChildren();
  const modelItem = tree.getTreeItem(model) as unknown as TreeItem;
  assert.equal(modelItem.label, 'MnistMLP');
  assert.equal(modelItem.description, 'mnist-mlp.dnn · 2 runs');
  const runs = await runNodes(tree);
  assert.deepEqual(runs.map((node) => node.run.runDir), [second, first]);
  const [newer, older] = runs.map((node) => tree.getTreeItem(node) as unknown as TreeItem);
  assert.equal(newer.iconPath?.id, 'debug-stop');
  assert.equal(older.iconPath?.id, 'pass');
  assert.match(older.description ?? '', /^1 epoch · tfjs · spec changed$/);
  assert.equal(older.contextValue, 'dnn.run');
  assert.deepEqual(older.command, { title: 'Open Run', command: 'dnn.openRun', arguments: [runs[1]] });
  assert.equal(runs[1].run.spec, specFile);
  tree.dispose();
});

test('refreshes on file events (watchers of run folders and .dnn files) and shows the live epoch of a training run', { timeout: 10_000 }, async () => {
  const { tree, folder } = await workspace();
  assert.deepEqual(world.watchers.map((w: FakeWatcher) => w.pattern), ['**/*.dnn']);
  await runNodes(tree);
  const runsRoot = join(folder, '.dnn', 'runs');
  // The .dnn files through VS Code's watcher; the runs folder, once read, through a real one.
  assert.deepEqual(world.watchers.map((w: FakeWatcher) => w.pattern), ['**/*.dnn']);
  const specChanged = nextChange(tree);
  world.watchers[0].created.fire({} as never);
  await specChanged;
  const runAppeared = nextChange(tree);
  mkdirSync(join(runsRoot, 'MnistMLP', '2025-01-02_09-00-00'));
  await runAppeared;

  const live = join(folder, '.dnn', 'runs', 'MnistMLP', '2025-01-03_10-00-00');
  mkdirSync(live);
  const started = nextChange(tree);
  tree.onJobEvent('job', { type: 'start', model: 'MnistMLP', epochs: 5, batchesPerEpoch: 10, trainSamples: 100, validationSamples: 0, runDir: live });
  await started;
  tree.onJobEvent('job', { type: 'epoch', epoch: 2, loss: 0.5, accuracy: 0.8, seconds: 1 });
  const [training] = await runNodes(tree);
  const item = tree.getTreeItem(training) as unknown as TreeItem;
  assert.equal(training.run.status, 'unfinished');
  assert.equal(item.description, 'training, 2 epochs · tfjs');
  assert.equal(item.iconPath?.id, 'loading~spin');
  assert.equal(item.command, undefined, 'no results to open yet');
  tree.dispose();
  assert.ok(world.watchers.every((w: FakeWatcher) => w.disposed));
});

test('a runs folder set by dnn.runsDirectory gets a watcher of its own: a run appearing there refreshes the view', { timeout: 10_000 }, async () => {
  const { tree } = await workspace();
  const elsewhere = mkdtempSync(join(tmpdir(), 'dnn-runs-elsewhere-'));
  world.configuration.runsDirectory = join(elsewhere, 'runs');
  assert.deepEqual(await runNodes(tree), [], 'no run there yet');
  const run = join(elsewhere, 'runs', 'MnistMLP', '2025-01-04_10-00-00');
  mkdirSync(run, { recursive: true });
  await runNodes(tree);
  await runNodes(tree);
  // A run written there by another process (a `dnn train` in a terminal): the real watcher sees it.
  const refreshed = nextChange(tree);
  await writeMetrics(run, runMetrics({ model: 'MnistMLP', createdAt: '2025-01-04T10:00:00.000Z' }));
  await refreshed;
  assert.deepEqual((await runNodes(tree)).map((node) => node.run.runDir), [run]);
  tree.dispose();
  assert.ok(world.watchers.every((w: FakeWatcher) => w.disposed));
});

test('open, evaluate, export, reveal, copy and compare act on the chosen runs', { timeout: 10_000 }, async () => {
  const { tree, handlers, shown, specFile, second, compared } = await workspace();
  const [node] = await runNodes(tree);
  await handlers.openRun(node);
  assert.deepEqual(shown, [[specFile, second]]);
  world.commands.set('dnn.evaluate', () => undefined);
  world.commands.set('dnn.exportModel', () => undefined);
  await handlers.evaluateRun(node);
  await handlers.exportRun(node);
  await handlers.revealRun(node);
  await handlers.copyRunPath(node);
  assert.deepEqual(
    world.executed.map((e) => [e.command, e.args.map((a) => (a && typeof a === 'object' && 'fsPath' in a ? (a as { fsPath: string }).fsPath : a))]),
    [
      ['dnn.evaluate', [specFile, { runDir: second }]],
      ['dnn.exportModel', [specFile, { runDir: second }]],
      ['revealFileInOS', [second]],
    ],
  );
  assert.equal(world.clipboard, second);
  const [newer, older] = await runNodes(tree);
  await handlers.compareRuns(newer, [newer, older]);
  assert.deepEqual(compared, [[newer.run.runDir, older.run.runDir]]);
  await handlers.copyRunPath(undefined);
  assert.equal(world.messages.at(-1)?.text, 'Choose a run in the DNN Runs view.');
  tree.dispose();
});

test('a label is kept in the run folder and shown; delete asks first and uses the trash, or asks again without one', { timeout: 10_000 }, async () => {
  const { tree, handlers, first, second, specFile, labelled } = await workspace();
  const [newer, older] = await runNodes(tree);
  world.inputBoxAnswers = ['  baseline  '];
  await handlers.labelRun(newer);
  assert.equal(readFileSync(join(second, 'label.txt'), 'utf8'), 'baseline\n');
  assert.deepEqual(labelled, [[specFile, second, 'baseline']], 'the results panel of the run is told');
  const [relabelled] = await runNodes(tree);
  assert.equal((tree.getTreeItem(relabelled) as unknown as TreeItem).label, `baseline · ${(tree.getTreeItem(relabelled) as unknown as TreeItem).label.split(' · ')[1]}`);

  world.answers = [undefined];
  await handlers.deleteRun(relabelled);
  assert.ok(existsSync(second), 'dismissed: nothing deleted');
  assert.deepEqual(world.messages.at(-1), {
    severity: 'warning',
    text: `Delete the run of MnistMLP in "baseline" (${second})?`,
    items: ['Delete'],
    modal: true,
  });
  world.answers = ['Delete'];
  await handlers.deleteRun(relabelled);
  assert.equal(existsSync(second), false);
  assert.deepEqual(world.deleted, [{ path: second, useTrash: true }]);

  world.noTrash = true;
  world.answers = ['Delete', undefined];
  await handlers.deleteRun(older);
  assert.ok(existsSync(first), 'no trash and no second yes: kept');
  world.answers = ['Delete', 'Delete Permanently'];
  await handlers.deleteRun(older);
  assert.equal(existsSync(first), false);
  assert.deepEqual(world.deleted.at(-1), { path: first, useTrash: false });
  assert.deepEqual(await runNodes(tree), []);
  tree.dispose();
});
