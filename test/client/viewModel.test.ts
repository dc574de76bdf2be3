// The panel's pure view functions: what the webview draws is decided here.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { appendBatch, emptyBatchSeries } from '../../client/src/panel/batchSeries';
import type { RunView } from '../../client/src/panel/messages';
import { buildCurveChart, linePath, niceTicks, scaleX, scaleY } from '../../client/src/panel/view/chart';
import { classRows } from '../../client/src/panel/view/classTable';
import { cellColour, confusionCells } from '../../client/src/panel/view/confusion';
import { digitRgba, parseCssColour } from '../../client/src/panel/view/digits';
import { formatDuration, formatLoss, formatPercent } from '../../client/src/panel/view/format';
import { formatCount, formatShape } from '../../src/language/shapes';
import { doneBatches, estimateRemainingSeconds, progressFraction } from '../../client/src/panel/view/progress';
import { smoothSeries } from '../../client/src/panel/view/smoothing';

test('smoothing: weight 0 keeps the values, a constant stays constant (debiased start)', () => {
  assert.deepEqual(smoothSeries([3, 1, 2], 0), [3, 1, 2]);
  for (const v of smoothSeries([0.5, 0.5, 0.5, 0.5], 0.9)) assert.ok(Math.abs(v - 0.5) < 1e-12);
});

test('smoothing: a noisy series varies less than the raw one and follows its trend', () => {
  const raw = Array.from({ length: 200 }, (_, i) => 2 - i / 100 + (i % 2 === 0 ? 0.3 : -0.3));
  const smooth = smoothSeries(raw, 0.8);
  const jumps = (xs: number[]) => xs.slice(1).reduce((sum, x, i) => sum + Math.abs(x - xs[i]), 0);
  assert.ok(jumps(smooth) < jumps(raw) / 3);
  assert.ok(smooth[199] < smooth[20], 'still decreasing');
  assert.ok(Math.abs(smooth[199] - (2 - 199 / 100)) < 0.1);
});

test('smoothing: a NaN batch loss does not poison the line', () => {
  const out = smoothSeries([1, Number.NaN, 1], 0.5);
  assert.equal(out.length, 3);
  assert.ok(out.every(Number.isFinite));
});

test('progress: batches done, fraction, and ETA from the average rate', () => {
  const p = { epochs: 10, batchesPerEpoch: 375, epoch: 3, batch: 75 };
  assert.equal(doneBatches(p), 825);
  assert.equal(progressFraction(p), 825 / 3750);
  // 825 batches in 33 s: 0.04 s a batch, 2925 to go.
  assert.ok(Math.abs((estimateRemainingSeconds(p, 33) ?? -1) - 117) < 1e-9);
  assert.equal(estimateRemainingSeconds({ ...p, epoch: 1, batch: 0 }, 2), undefined, 'no rate before the first batch');
  assert.equal(estimateRemainingSeconds({ ...p, epoch: 10, batch: 375 }, 100), 0);
  assert.equal(progressFraction({ epochs: 0, batchesPerEpoch: 0, epoch: 1, batch: 0 }), 0);
});

test('formats', () => {
  assert.equal(formatDuration(75), '1:15');
  assert.equal(formatDuration(0.2), '0:01');
  assert.equal(formatDuration(3725), '1:02:05');
  assert.equal(formatDuration(Number.NaN), '–');
  assert.equal(formatPercent(0.97834), '97.83%');
  assert.equal(formatLoss(0.0712345), '0.0712');
  assert.equal(formatLoss(0.00001234), '1.23e-5');
  assert.equal(formatCount(55050), '55,050');
  assert.equal(formatShape([null, 28, 28, 1]), '[null, 28, 28, 1]', 'the notation of hover and the CLI');
  assert.equal(formatShape(undefined), '?');
});

function runWith(history: RunView['history'], batchLosses: number[] = [], batchesPerEpoch = 4): RunView {
  let batches = emptyBatchSeries();
  batchLosses.forEach((loss, i) => (batches = appendBatch(batches, { step: i + 1, loss, accuracy: 1 - loss / 3 })));
  return { status: 'running', epochs: 3, batchesPerEpoch, epoch: 1, batch: 0, elapsedSeconds: 0, history, batches };
}

test('chart: epoch lines for train and validation, a per-batch line in epochs on x', () => {
  const run = runWith(
    [
      { epoch: 1, loss: 0.5, accuracy: 0.85, valLoss: 0.3, valAccuracy: 0.91, seconds: 1 },
      { epoch: 2, loss: 0.25, accuracy: 0.93, valLoss: 0.2, valAccuracy: 0.94, seconds: 1 },
    ],
    [2.3, 1.5, 0.9, 0.6, 0.5, 0.4, 0.3, 0.25],
  );
  const loss = buildCurveChart(run, 'loss');
  assert.deepEqual(loss.series.map((s) => s.id), ['batch', 'train', 'validation']);
  assert.deepEqual(loss.series[1].points, [{ x: 1, y: 0.5 }, { x: 2, y: 0.25 }]);
  assert.deepEqual(loss.series[2].points.map((p) => p.y), [0.3, 0.2]);
  assert.deepEqual(loss.series[0].points.map((p) => p.x), [0.25, 0.5, 0.75, 1, 1.25, 1.5, 1.75, 2]);
  assert.equal(loss.series[0].points[0].y, 2.3, 'the smoothed line starts at the first batch (debiased)');
  assert.equal(loss.yDomain[0], 0);
  assert.ok(loss.yDomain[1] >= 2.3);
  assert.deepEqual(loss.xDomain, [0, 3], 'x spans all planned epochs');

  const accuracy = buildCurveChart(run, 'accuracy');
  assert.equal(accuracy.yDomain[1], 1);
  assert.ok(accuracy.yDomain[0] <= Math.min(...accuracy.series.flatMap((s) => s.points.map((p) => p.y))));
});

test('chart: a run without validation or batches has only the lines it has data for', () => {
  const chart = buildCurveChart(runWith([{ epoch: 1, loss: 0.4, accuracy: 0.9, seconds: 1 }], [], 0), 'loss');
  assert.deepEqual(chart.series.map((s) => s.id), ['train']);
  assert.deepEqual(buildCurveChart(runWith([]), 'accuracy').series, []);
});

test('chart: ticks are round numbers covering the domain', () => {
  assert.deepEqual(niceTicks(0, 2.3, 5), [0, 0.5, 1, 1.5, 2, 2.5]);
  assert.deepEqual(niceTicks(0.9, 1, 5), [0.9, 0.92, 0.94, 0.96, 0.98, 1]);
  assert.deepEqual(niceTicks(1, 1, 5), [1, 2]);
});

test('chart: scaling maps the domain onto the plot area (y grows upwards) and clamps', () => {
  const run = runWith([{ epoch: 1, loss: 1, accuracy: 0.5, seconds: 1 }, { epoch: 3, loss: 2, accuracy: 0.6, seconds: 1 }]);
  const model = buildCurveChart(run, 'loss');
  const area = { width: 200, height: 100, left: 10, right: 10, top: 10, bottom: 10 };
  assert.equal(scaleX(model, area, 0), 10);
  assert.equal(scaleX(model, area, 3), 190);
  assert.equal(scaleY(model, area, 0), 90);
  assert.equal(scaleY(model, area, model.yDomain[1]), 10);
  assert.equal(scaleY(model, area, 1e9), 10, 'a diverging loss stays inside the plot');
  assert.match(linePath(model, area, [{ x: 0, y: 0 }, { x: 3, y: 0 }]), /^M10\.0 90\.0 L190\.0 90\.0$/);
});

test('confusion colour scale: diagonal by recall, mistakes by sqrt of count, strong fills flip the text', () => {
  assert.deepEqual(cellColour(0, 100, false, 5), { tone: 'empty', intensity: 0, strong: false });
  const diagonal = cellColour(98, 100, true, 5);
  assert.equal(diagonal.tone, 'correct');
  assert.ok(diagonal.intensity > 0.9 && diagonal.strong);
  const worstMistake = cellColour(5, 100, false, 5);
  assert.equal(worstMistake.tone, 'mistake');
  assert.equal(worstMistake.intensity, 1);
  const single = cellColour(1, 100, false, 100);
  assert.ok(single.intensity >= 0.2, 'one mistake among many is still visible');
  assert.equal(single.strong, false);
  assert.ok(cellColour(4, 100, false, 16).intensity < cellColour(9, 100, false, 16).intensity, 'monotonic');
});

const confusion = [
  [50, 0, 2],
  [1, 45, 4],
  [0, 0, 48],
];

test('confusion cells: row by row with row fractions', () => {
  const cells = confusionCells(confusion);
  assert.equal(cells.length, 9);
  const cell = cells.find((c) => c.actual === 1 && c.predicted === 2);
  assert.equal(cell?.count, 4);
  assert.equal(cell?.rowFraction, 4 / 50);
  assert.equal(cell?.intensity, 1, 'the largest mistake is the strongest red');
  assert.equal(cells.find((c) => c.actual === 0 && c.predicted === 1)?.tone, 'empty');
});

test('per-class table: percentages, most frequent confusion, worst class flagged', () => {
  const perClass = [
    { label: 0, support: 52, correct: 50, accuracy: 50 / 52, precision: 50 / 51, recall: 50 / 52 },
    { label: 1, support: 50, correct: 45, accuracy: 0.9, precision: 1, recall: 0.9 },
    { label: 2, support: 48, correct: 48, accuracy: 1, precision: 48 / 54, recall: 1 },
  ];
  const rows = classRows(perClass, confusion);
  assert.deepEqual(rows[1], { label: 1, name: '1', support: 50, accuracy: '90.0%', precision: '100.0%', recall: '90.0%', mostConfusedWith: '2 (4)', worst: true });
  const named = classRows(perClass, confusion, ['T-shirt/top', 'Trouser', 'Pullover']);
  assert.deepEqual(named.map((r) => [r.name, r.mostConfusedWith]), [['T-shirt/top', 'Pullover (2)'], ['Trouser', 'Pullover (4)'], ['Pullover', '']]);
  assert.equal(rows[0].mostConfusedWith, '2 (2)');
  assert.equal(rows[2].mostConfusedWith, '');
  assert.deepEqual(rows.map((r) => r.worst), [false, true, false]);
});

test('digits: theme ink with grey level as alpha; CSS colours parsed', () => {
  const pixels = Array.from({ length: 784 }, (_, i) => (i === 29 ? 255 : i === 30 ? 128 : 0));
  const rgba = digitRgba(pixels, { r: 10, g: 20, b: 30 });
  assert.equal(rgba.length, 784 * 4);
  assert.deepEqual([...rgba.slice(29 * 4, 31 * 4)], [10, 20, 30, 255, 10, 20, 30, 128]);
  assert.equal(rgba[3], 0);
  assert.deepEqual(parseCssColour('#cccccc'), { r: 204, g: 204, b: 204 });
  assert.deepEqual(parseCssColour('#fff'), { r: 255, g: 255, b: 255 });
  assert.deepEqual(parseCssColour('rgba(97, 97, 97, 0.5)'), { r: 97, g: 97, b: 97 });
  assert.equal(parseCssColour('var(--x)'), undefined);
});
