// "Try it" in the real webview bundle (dist/media/panel.js) in headless Chromium under the
// panel's CSP, with the real host side behind it: PanelSession answering through the real
// prediction worker (engine/predictor.ts) on a saved model. Pointer events draw; the test
// checks what the webview sent (MNIST-preprocessed pixels), the bars it shows (the model's
// own probabilities for those pixels), undo, clear, the keyboard and a restored drawing.
// Needs `npm run build` and /usr/bin/chromium.
import * as tf from '@tensorflow/tfjs';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { parseWebviewMessage, type Drawing, type PanelState } from '../../client/src/panel/messages';
import { PanelSession } from '../../client/src/panel/session';
import { initialPanelState, withSummary } from '../../client/src/panel/state';
import { analyze } from '../../src/language/analyzer';
import { modelSummary } from '../../src/language/features/summary';
import { initBackend } from '../../src/engine/backend';
import { DigitClassifier } from '../../src/engine/predict';
import { DigitPredictor } from '../../src/engine/predictor';
import { SPEC_FILE } from '../../src/engine/runs';
import { saveModel } from '../../src/engine/saved-model';
import { tempDir } from '../engine/idx-files';
import { evaluationResult } from './fixtures/evaluationResult';
import { startPanelHarness, type PanelHarness, type PanelHost } from './panelHarness';

const NAMES = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', '<b>nine</b>'];
const mlp = modelSummary(analyze('model M {\n    Input(shape=[784])\n    Dense(10, activation=softmax)\n}\n'));

let harness: PanelHarness;
let predictor: DigitPredictor;
let classifier: DigitClassifier;
let runDir: string;

before(async () => {
  runDir = join(tempDir(), 'M', 'run');
  mkdirSync(runDir, { recursive: true });
  await initBackend('cpu');
  const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [784], units: 10, activation: 'softmax', kernelInitializer: tf.initializers.randomNormal({ stddev: 0.5, seed: 7 }) })] });
  await saveModel(model, runDir);
  model.dispose();
  // What readRunSpec needs to give the run's class names (the rest of a spec is not read here).
  writeFileSync(join(runDir, SPEC_FILE), JSON.stringify({ name: 'M', layers: [], fit: { classNames: NAMES } }));
  classifier = await DigitClassifier.load(runDir);
  predictor = new DigitPredictor();
  harness = await startPanelHarness();
});
after(async () => {
  await harness?.close();
  await predictor?.dispose();
  classifier?.dispose();
});

function trainedState(): PanelState {
  const state = withSummary(initialPanelState('file:///m.dnn', 'm.dnn'), mlp);
  return { ...state, evaluation: { status: 'done', runDir, result: evaluationResult } };
}

/** The real host side of one panel: a PanelSession with the real predictor; counts requests in flight. */
function realHost(state: PanelState): { host: PanelHost; maxInFlight: () => number } {
  let inFlight = 0;
  let most = 0;
  let reply: ((message: unknown) => Promise<void>) | undefined;
  const session = new PanelSession(state, {
    post: (message) => void reply?.(message),
    runCommand: () => {},
    predict: async (dir, pixels) => {
      most = Math.max(most, ++inFlight);
      try {
        return await predictor.predict(dir, pixels);
      } finally {
        inFlight--;
      }
    },
  });
  return {
    host: (raw, answer) => {
      reply = answer;
      const message = parseWebviewMessage(raw);
      if (message) session.receive(message);
    },
    maxInFlight: () => most,
  };
}

type Page = Awaited<ReturnType<PanelHarness['open']>>['page'];

/** Polls an expression in the page (waitForFunction would evaluate it under the page's CSP, which forbids eval). */
async function until(page: Page, expression: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await page.evaluate(expression))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${expression}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A stroke with the mouse through canvas points (0..280), in small moves as a hand makes them. */
async function stroke(page: Page, points: [number, number][]): Promise<void> {
  const box = (await page.locator('#try-canvas').boundingBox())!;
  const at = ([x, y]: [number, number]) => [box.x + (x * box.width) / 280, box.y + (y * box.height) / 280] as const;
  await page.mouse.move(...at(points[0]));
  await page.mouse.down();
  for (const point of points.slice(1)) await page.mouse.move(...at(point), { steps: 6 });
  await page.mouse.up();
}

const predictsOf = async (posted: unknown[]) => posted.filter((m) => (m as { type?: string }).type === 'predict') as { id: number; pixels: number[] }[];

async function bars(page: Page): Promise<{ name: string; probability: number }[]> {
  return page.locator('[data-testid="try-bar"]').evaluateAll((nodes) =>
    nodes.map((n) => ({ name: n.getAttribute('data-class') ?? '', probability: Number(n.getAttribute('data-probability')) })));
}

test('drawing with pointer events: preprocessed pixels go to the worker, the bars are its probabilities by class name; no CSP violation', { timeout: 120_000 }, async () => {
  const { host, maxInFlight } = realHost(trainedState());
  const panel = await harness.open({ hostState: trainedState(), host });
  const { page } = panel;
  await page.waitForSelector('#try-canvas');
  assert.equal(await page.textContent('[data-testid="try-top"]'), 'Draw a digit in the box.');
  await stroke(page, [[140, 40], [150, 100], [150, 170], [145, 240]]);
  // The last answer is for the finished stroke: wait until it has come.
  await until(page, `document.querySelectorAll('[data-testid="try-bar"]').length === 10`);
  const predicts = await predictsOf(await panel.posted());
  assert.ok(predicts.length >= 1);
  const last = predicts[predicts.length - 1];
  assert.equal(last.pixels.length, 784);
  // MNIST's preprocessing: the ink fills a 20-pixel-high box centred in 28x28, so rows 0-3 and 24-27 are empty.
  const rowInk = (row: number) => last.pixels.slice(row * 28, row * 28 + 28).reduce((a, b) => a + b, 0);
  assert.equal(rowInk(0) + rowInk(1) + rowInk(2) + rowInk(26) + rowInk(27), 0);
  assert.ok(rowInk(14) > 0.5, 'ink in the middle row');
  const expected = classifier.probabilities(Float32Array.from(last.pixels));
  await until(page, `Math.abs(Number(document.querySelector('[data-testid="try-bar"][data-class="zero"]')?.getAttribute('data-probability')) - ${expected[0]}) < 1e-5`);
  const shown = await bars(page);
  assert.deepEqual(shown.map((b) => b.name), NAMES);
  shown.forEach((b, i) => assert.ok(Math.abs(b.probability - expected[i]) < 1e-5, `${b.name}: ${b.probability} vs ${expected[i]}`));
  const best = expected.indexOf(Math.max(...expected));
  assert.equal(await page.getAttribute('[data-testid="try-top-class"]', 'data-class'), NAMES[best]);
  assert.equal(await page.locator('#try-it b').count(), 0, 'a class name with markup stays text');
  assert.equal(maxInFlight(), 1, 'one request in flight at a time while drawing');
  // The 28x28 the model saw is drawn beside the canvas.
  const seenInk = (await page.evaluate(`(() => {
    const data = document.querySelector('[data-testid="try-seen"]').getContext('2d').getImageData(0, 0, 28, 28).data;
    let alpha = 0;
    for (let i = 3; i < data.length; i += 4) alpha += data[i];
    return alpha;
  })()`)) as number;
  const sentInk = last.pixels.reduce((sum, v) => sum + Math.round(v * 255), 0);
  assert.equal(seenInk, sentInk);
  assert.deepEqual(panel.problems, []);
  await page.close();
});

test('undo stroke by stroke, clear, the keyboard; the drawing is kept with setState and restored after a reload', { timeout: 120_000 }, async () => {
  const { host } = realHost(trainedState());
  const panel = await harness.open({ hostState: trainedState(), host });
  const { page } = panel;
  await page.waitForSelector('#try-canvas');
  await stroke(page, [[100, 60], [180, 60]]);
  await stroke(page, [[180, 60], [120, 240]]);
  const strokes = async () => ((await panel.savedState()) as { drawing?: Drawing }).drawing?.strokes.length ?? 0;
  assert.equal(await strokes(), 2);
  await page.waitForSelector('[data-testid="try-top-class"]');
  await page.click('[data-testid="try-undo"]');
  assert.equal(await strokes(), 1);
  await page.click('[data-testid="try-clear"]');
  assert.equal(await strokes(), 0);
  assert.equal(await page.textContent('[data-testid="try-top"]'), 'Draw a digit in the box.');
  assert.equal(await page.locator('[data-testid="try-bar"]').count(), 0);

  await stroke(page, [[140, 40], [140, 240]]);
  await stroke(page, [[100, 240], [180, 240]]);
  await page.focus('#try-canvas');
  await page.keyboard.press('Control+z');
  assert.equal(await strokes(), 1, 'Ctrl+Z on the canvas undoes one stroke');
  const saved = (await panel.savedState()) as PanelState;
  await page.keyboard.press('Delete');
  assert.equal(await strokes(), 0, 'Delete clears');
  // Tab order: the canvas, then Undo and Clear.
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(`document.activeElement?.getAttribute('data-testid')`), 'try-undo');
  await page.close();

  // A reloaded webview gets its saved state back: the stroke is there and is predicted again.
  const restoredHost = realHost(trainedState());
  const restored = await harness.open({ savedState: saved, hostState: trainedState(), host: restoredHost.host });
  await restored.page.waitForSelector('[data-testid="try-top-class"]');
  assert.equal(await restored.page.locator('[data-testid="try-bar"]').count(), 10);
  assert.equal(((await restored.savedState()) as { drawing?: Drawing }).drawing?.strokes.length, 1);
  assert.deepEqual(restored.problems, []);
  await restored.page.close();
});

test('a model that does not take 28x28 images, and a model without a run, say so instead of the canvas', { timeout: 60_000 }, async () => {
  const colour = modelSummary(analyze('model C {\n    Input(shape=[32, 32, 3])\n    Flatten()\n    Dense(10, activation=softmax)\n}\n'));
  const notDigits: PanelState = { ...withSummary(initialPanelState('file:///c.dnn', 'c.dnn'), colour), evaluation: { status: 'done', runDir, result: evaluationResult } };
  const panel = await harness.open({ hostState: notDigits });
  await panel.page.waitForSelector('[data-testid="try-it-unavailable"]');
  assert.equal(
    await panel.page.textContent('[data-testid="try-it-unavailable"]'),
    "Try it needs a model of 28x28 grey images, Input(shape=[784]), [28, 28] or [28, 28, 1]; this model's Input is [32, 32, 3].",
  );
  assert.equal(await panel.page.locator('#try-canvas').count(), 0);
  await panel.page.close();

  const untrained = await harness.open({ hostState: withSummary(initialPanelState('file:///m.dnn', 'm.dnn'), mlp) });
  await untrained.page.waitForSelector('[data-testid="try-it-unavailable"]');
  assert.equal(await untrained.page.textContent('[data-testid="try-it-unavailable"]'), 'Train the model (or evaluate a run) to try it on your own digits.');
  await untrained.page.close();
});
