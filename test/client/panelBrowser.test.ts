// The real webview bundle (dist/media/panel.js) in headless Chromium under the panel's CSP:
// the ready handshake, rendering of every section, state restore, updates and button messages.
// Needs `npm run build` (npm test builds first) and /usr/bin/chromium.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { TrainEvent } from '../../src/protocol/engine';
import { analyze } from '../../src/language/analyzer';
import { modelSummary } from '../../src/language/features/summary';
import type { PanelState } from '../../client/src/panel/messages';
import { applyJobEvent, beginTraining, initialPanelState, withSummary } from '../../client/src/panel/state';
import { evaluationResult as result } from './fixtures/evaluationResult';
import { startPanelHarness, type PanelHarness } from './panelHarness';

const specFile = join(__dirname, '..', '..', 'examples', 'mnist-mlp.dnn');
const summary = modelSummary(analyze(readFileSync(specFile, 'utf8'), { uri: specFile }));


function trainedState(): PanelState {
  const events: TrainEvent[] = [
    { type: 'backend', backend: 'wasm' },
    { type: 'start', model: 'MnistMLP', epochs: 2, batchesPerEpoch: 4, trainSamples: 480, validationSamples: 120, runDir: '/runs/MnistMLP/1' },
    ...[1, 2].flatMap((epoch): TrainEvent[] => [
      ...[1, 2, 3, 4].map((batch): TrainEvent => ({ type: 'batch', epoch, batch, batchesPerEpoch: 4, loss: 2 / (epoch * 4 + batch), accuracy: 0.5 + epoch / 10, elapsedSeconds: epoch + batch / 4 })),
      { type: 'epoch', epoch, loss: 1 / epoch, accuracy: 0.8 + epoch / 20, valLoss: 0.9 / epoch, valAccuracy: 0.82 + epoch / 20, seconds: 1 },
    ]),
    { type: 'evaluation', result },
    { type: 'done', runDir: '/runs/MnistMLP/1', secondsPerEpoch: 1, test: { loss: result.loss, accuracy: result.accuracy } },
  ];
  const start = beginTraining(withSummary(initialPanelState(`file://${specFile}`, 'mnist-mlp.dnn'), summary));
  return events.reduce((state, event) => applyJobEvent(state, 'train', event), start);
}

let harness: PanelHarness;
before(async () => {
  harness = await startPanelHarness();
});
after(async () => {
  await harness?.close();
});

test('handshake and full render: figures, curves, confusion matrix, digits, summary, no CSP violation', async () => {
  const state = trainedState();
  const panel = await harness.open({ hostState: state });
  const { page } = panel;
  await page.waitForSelector('#test-accuracy');
  assert.deepEqual((await panel.posted())[0], { type: 'ready' }, 'the webview says ready first');
  assert.equal(await page.textContent('#test-accuracy'), '97.53%');
  assert.equal(await page.getAttribute('#test-accuracy', 'data-value'), '0.9753');
  assert.equal(await page.textContent('#test-loss'), '0.0812');
  assert.equal(await page.locator('#confusion-matrix [data-testid="confusion-cell"]').count(), 100);
  assert.equal(await page.getAttribute('[data-testid="confusion-cell"][data-actual="2"][data-predicted="5"]', 'data-count'), '25');
  assert.equal(await page.locator('#misclassified [data-testid="misclassified-digit"]').count(), 12);
  assert.equal(await page.locator('#per-class tbody tr').count(), 10);
  // Series: the smoothed batch line plus train and validation per epoch, in both charts.
  assert.equal(await page.locator('#loss-chart path.line').count(), 3);
  assert.equal(await page.locator('#accuracy-chart path.line').count(), 3);
  assert.equal(await page.locator('#loss-chart circle.marker').count(), 4);
  assert.equal(await page.locator('#model-summary tbody tr').count(), 4);
  assert.equal(await page.textContent('[data-testid="total-params"]'), '55,050');
  assert.equal(await page.locator('#model-diagram g.layer').count(), 4);
  assert.equal(await page.textContent('#run-status'), 'completed');
  // The digit canvases really hold ink (drawn from the pixels with the theme's colour).
  const ink = await page.evaluate(`(() => {
    const canvas = document.querySelector('#misclassified canvas');
    const data = canvas.getContext('2d').getImageData(0, 0, 28, 28).data;
    let alpha = 0;
    for (let i = 3; i < data.length; i += 4) alpha += data[i];
    return { alpha, centre: Array.from(data.slice((14 * 28 + 14) * 4, (14 * 28 + 14) * 4 + 4)) };
  })()`) as { alpha: number; centre: number[] };
  assert.equal(ink.alpha, 121 * 255, 'an 11x11 square of full ink');
  assert.deepEqual(ink.centre, [204, 204, 204, 255], 'the dark theme foreground #cccccc');
  assert.deepEqual(await panel.savedState(), JSON.parse(JSON.stringify(state)), 'the webview keeps the state (as posted: JSON) with setState');
  assert.deepEqual(panel.problems, []);
  await page.close();
});

test('a restored webview shows its saved state before (and without) the host answering', async () => {
  const saved = trainedState();
  const panel = await harness.open({ savedState: saved });
  await panel.page.waitForSelector('#test-accuracy');
  assert.equal(await panel.page.textContent('#model-name'), 'MnistMLP');
  assert.deepEqual(await panel.posted(), [{ type: 'ready' }]);
  assert.deepEqual(panel.problems, []);
  await panel.page.close();
});

test('updates re-render; buttons post commands; malformed messages are ignored', async () => {
  const start = beginTraining(withSummary(initialPanelState('file:///m.dnn', 'm.dnn'), summary));
  const panel = await harness.open({ hostState: start });
  const { page } = panel;
  await page.waitForSelector('[data-testid="stop-button"]');
  assert.match((await page.textContent('#progress-text')) ?? '', /Loading data/);

  const running = [
    { type: 'start', model: 'MnistMLP', epochs: 10, batchesPerEpoch: 375, trainSamples: 48000, validationSamples: 12000, runDir: '/r' },
    { type: 'batch', epoch: 3, batch: 75, batchesPerEpoch: 375, loss: 0.2, accuracy: 0.94, elapsedSeconds: 33 },
  ] as TrainEvent[];
  const state = running.reduce((s, e) => applyJobEvent(s, 'train', e), start);
  await panel.send({ type: 'not-a-message' });
  await panel.send({ type: 'state', state: { version: 999 } });
  await panel.send({ type: 'state', state });
  await page.waitForFunction(`document.querySelector('#progress-text')?.textContent.includes('Epoch 3/10')`);
  assert.equal(await page.textContent('#progress-text'), 'Epoch 3/10 · batch 75/375 · 1:57 left · 0:33 elapsed · 48,000 train / 12,000 validation samples');
  assert.equal(await page.getAttribute('#training-progress progress', 'value'), (825 / 3750).toFixed(4));

  await page.click('[data-testid="stop-button"]');
  assert.deepEqual((await panel.posted()).at(-1), { type: 'command', command: 'stopTraining' });
  assert.equal(await page.isDisabled('[data-testid="train-button"]'), true, 'no second training from the panel while one runs');
  assert.deepEqual(panel.problems, []);
  await page.close();
});

test('a graph model is drawn as its DAG: branches side by side, the merge below joining them (screenshot in test-results/panel/)', async () => {
  const graph = modelSummary(
    analyze(`model Branches {
    x = Input(shape=[28, 28, 1])
    stem = Conv2D(8, 3, padding=same, activation=relu)
    left = Conv2D(8, 3, padding=same, activation=relu)(stem)
    right = Conv2D(8, 1, padding=same)(stem)
    r = Add()([left, right, stem])
    Flatten()
    Dense(10, activation=softmax)
}
`),
  );
  assert.equal(graph.errors, 0);
  const panel = await harness.open({ hostState: withSummary(initialPanelState('file:///b.dnn', 'b.dnn'), graph) });
  const { page } = panel;
  await page.waitForSelector('#model-diagram g.layer');
  assert.equal(await page.locator('#model-diagram g.layer').count(), 7);
  assert.equal(await page.locator('#model-diagram path.connector').count(), 8);
  assert.equal(await page.locator('#model-diagram path.connector[data-from="stem"][data-to="r"]').count(), 1);
  assert.equal(await page.textContent('#model-diagram g[data-name="left"] text.layer-name'), 'left (Conv2D)');
  const box = async (name: string) => (await page.locator(`#model-diagram g[data-name="${name}"] rect`).boundingBox())!;
  const [stem, left, right, r] = [await box('stem'), await box('left'), await box('right'), await box('r')];
  assert.equal(left.y, right.y, 'the branches share a row');
  assert.ok(left.x + left.width < right.x, 'side by side, apart');
  assert.ok(r.y > left.y + left.height && stem.y + stem.height < left.y, 'stem above, the merge below');
  // Theme colours: the box outline comes from the VS Code variable.
  const stroke = await page.evaluate(`getComputedStyle(document.querySelector('#model-diagram rect')).stroke`);
  assert.notEqual(stroke, 'none');
  mkdirSync(join(__dirname, '..', '..', 'test-results', 'panel'), { recursive: true });
  await page.locator('#model-diagram').screenshot({ path: join(__dirname, '..', '..', 'test-results', 'panel', 'graph-diagram.png') });
  assert.deepEqual(panel.problems, []);
  await page.close();
});

test('class names (fit { class_names }) label the confusion matrix, the per-class table and the mistakes, as text: markup in a name stays text', async () => {
  const names = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', '<img src=x onerror="window.__hacked=1">'];
  const state = trainedState();
  const named: PanelState = { ...state, evaluation: { ...state.evaluation!, result: { ...state.evaluation!.result!, classNames: names } } };
  const panel = await harness.open({ hostState: named });
  const { page } = panel;
  await page.waitForSelector('#confusion-matrix.named');
  const rows = await page.locator('#confusion-matrix [data-testid="confusion-row"]').evaluateAll((nodes) => nodes.map((n) => n.querySelector('title')?.textContent));
  assert.deepEqual(rows, names);
  assert.equal(await page.textContent('#confusion-matrix [data-testid="confusion-column"]:nth-of-type(1) title'), 'T-shirt/top');
  assert.match((await page.textContent('[data-testid="confusion-cell"][data-actual="2"][data-predicted="5"] title')) ?? '', /^true Pullover, predicted Sandal: 25/);
  assert.equal(await page.textContent('#per-class thead th'), 'class');
  const firstColumn = await page.locator('#per-class tbody tr td:first-child').allTextContents();
  assert.deepEqual(firstColumn, names);
  const caption = await page.textContent('#misclassified [data-testid="misclassified-digit"] .digit-caption');
  assert.equal(caption, 'T-shirt/top → Dress', 'test image #0: a 0 read as 3');
  assert.equal(await page.locator('#app img').count(), 0, 'no element made from a name');
  assert.equal(await page.evaluate('window.__hacked'), undefined);
  assert.deepEqual(panel.problems, []);
  await page.close();
});
