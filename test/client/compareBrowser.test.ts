// The real comparison webview (dist/media/compare.js) in headless Chromium under the panel's
// CSP, fed the comparison of two runs the real engine trained on a few hundred MNIST images
// (the article's MLP and a wider one): no CSP violation, the legend toggles a run's lines
// (by mouse and by keyboard: Tab reaches it), the best of each column is marked, the spec
// diff names the changed argument, and the webview keeps the run folders for a restore.
// Needs `npm run build` (npm test builds first) and /usr/bin/chromium.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { readComparedRuns } from '../../client/src/compare/comparedRuns';
import { buildComparison, type ComparisonMessage } from '../../client/src/compare/comparison';
import { train } from '../../src/engine/train';
import { startPanelHarness, type PanelHarness } from './panelHarness';

const example = join(__dirname, '..', '..', 'examples', 'mnist-mlp.dnn');
const root = join(__dirname, '..', '..');

/** The article's MLP and the same with 128 units in its first Dense, each trained for 2 epochs on 600 images. */
async function twoTrainedRuns(): Promise<ComparisonMessage> {
  const folder = mkdtempSync(join(tmpdir(), 'dnn-compare-browser-'));
  const text = readFileSync(example, 'utf8');
  const wider = text.replace('Dense(64', 'Dense(128');
  assert.notEqual(wider, text, 'the example has a Dense(64');
  const runDirs: string[] = [];
  for (const [name, source] of [['mlp.dnn', text], ['wider.dnn', wider]] as const) {
    const specFile = join(folder, name);
    writeFileSync(specFile, source);
    const { runDir } = await train({ specFile, runsRoot: join(folder, 'runs'), epochs: 2, trainLimit: 600, testLimit: 300, seed: 1, backend: 'cpu' });
    runDirs.push(runDir);
  }
  const runs = await readComparedRuns(runDirs);
  assert.equal(runs.length, 2);
  return { type: 'comparison', comparison: buildComparison(runs), runDirs };
}

let harness: PanelHarness;
let message: ComparisonMessage;
before(async () => {
  message = await twoTrainedRuns();
  harness = await startPanelHarness();
}, { timeout: 120_000 });
after(async () => {
  await harness?.close();
});

test('two trained runs compared: curves per run, best marked, the changed argument in the diff, no CSP violation', { timeout: 60_000 }, async () => {
  const panel = await harness.open({ bundle: 'compare', hostMessage: message });
  const { page } = panel;
  await page.waitForSelector('[data-testid="compare-figures"]');
  assert.deepEqual((await panel.posted())[0], { type: 'ready' });
  assert.equal(await page.textContent('h1'), 'Comparing 2 runs');
  // Train and validation per run, in both charts, each in its run's colour.
  for (const metric of ['loss', 'accuracy']) {
    assert.equal(await page.getAttribute(`[data-testid="compare-${metric}"]`, 'data-lines'), '4');
    assert.equal(await page.locator(`[data-testid="compare-${metric}"] path.line.run-0`).count(), 2);
    assert.equal(await page.locator(`[data-testid="compare-${metric}"] path.line.run-1.validation`).count(), 1);
  }
  // The theme's chart colours, one per run.
  const strokes = await page.evaluate(`['run-0', 'run-1'].map((c) => getComputedStyle(document.querySelector('[data-testid="compare-loss"] path.line.' + c)).stroke)`) as string[];
  assert.equal(new Set(strokes).size, 2, `one colour per run: ${strokes.join(', ')}`);

  // The best test accuracy is marked on the run that has it.
  const accuracy = message.comparison.figures.find((f) => f.title === 'test accuracy')!;
  assert.ok(accuracy.best !== undefined, `two different accuracies: ${accuracy.values.join(', ')}`);
  const column = message.comparison.figures.indexOf(accuracy) + 2; // after the run's name
  const cells = page.locator(`[data-testid="compare-figures"] tbody tr td:nth-child(${column})`);
  assert.deepEqual(await cells.evaluateAll((tds) => tds.map((td) => td.className)), accuracy.values.map((_, i) => (i === accuracy.best ? 'best' : '')));
  assert.match((await cells.nth(accuracy.best).textContent()) ?? '', /★/);
  assert.equal(await page.getAttribute(`[data-testid="compare-figures"] tbody tr:nth-child(${accuracy.best + 1}) td:nth-child(${column})`, 'aria-label'), `${(100 * accuracy.values[accuracy.best]!).toFixed(2)}%, best`);
  assert.equal(await page.locator('[data-testid="compare-per-class"] tbody tr').count(), 10);

  // What differs: the first Dense's units, and nothing else of the spec.
  const diff = await page.evaluate(`Array.from(document.querySelectorAll('[data-testid="compare-spec"] tbody tr')).map((row) => Array.from(row.children).map((cell) => cell.textContent))`);
  assert.deepEqual(diff, [['layer 1', 'Dense(units=64, activation="relu", use_bias=true)', 'Dense(units=128, activation="relu", use_bias=true)']]);

  assert.deepEqual(await panel.savedState(), { runDirs: message.runDirs }, 'the webview keeps the run folders: the serializer reopens them after a reload');
  mkdirSync(join(root, 'test-results', 'panel'), { recursive: true });
  await page.screenshot({ path: join(root, 'test-results', 'panel', 'compare-dark.png'), fullPage: true });
  assert.deepEqual(panel.problems, []);
  await page.close();
});

test('the legend toggles a run: by mouse, and from the keyboard (Tab reaches the legend, Space and Enter toggle)', { timeout: 60_000 }, async () => {
  const panel = await harness.open({ bundle: 'compare', hostMessage: message, theme: 'light' });
  const { page } = panel;
  await page.waitForSelector('[data-testid="toggle-run-1"]');
  const lines = () => page.getAttribute('[data-testid="compare-loss"]', 'data-lines');

  // On a fresh page, the first Tab stop is the legend.
  await page.keyboard.press('Tab');
  const focused = () => page.evaluate(`document.activeElement?.getAttribute('data-testid')`);
  assert.equal(await focused(), 'toggle-run-0');
  await page.keyboard.press('Tab');
  assert.equal(await focused(), 'toggle-run-1');
  await page.keyboard.press('Space');
  assert.equal(await page.getAttribute('[data-testid="toggle-run-1"]', 'aria-pressed'), 'false');
  assert.equal(await lines(), '2');
  assert.equal(await page.locator('[data-testid="compare-loss"] path.line.run-1').count(), 0);
  assert.equal(await focused(), 'toggle-run-1', 'the focus stays on the button after the redraw');
  await page.keyboard.press('Enter');
  assert.equal(await lines(), '4');
  const outline = await page.evaluate(`getComputedStyle(document.activeElement).outlineStyle`);
  assert.notEqual(outline, 'none', 'the focused legend button shows the focus border');

  await page.click('[data-testid="toggle-run-0"]');
  assert.equal(await page.getAttribute('[data-testid="toggle-run-0"]', 'aria-pressed'), 'false');
  assert.equal(await lines(), '2');
  assert.equal(await page.locator('[data-testid="compare-accuracy"] path.line.run-0').count(), 0, 'run 0 hidden in both charts');
  await page.click('[data-testid="toggle-run-0"]');
  assert.equal(await lines(), '4');
  await page.screenshot({ path: join(root, 'test-results', 'panel', 'compare-light.png'), fullPage: true });
  assert.deepEqual(panel.problems, []);
  await page.close();
});
