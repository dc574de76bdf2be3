// Stack depth (issue 10): nothing spreads or recurses over user-sized data. `Math.max(...a)`
// overflows at about 125,000 values; each case here is past that.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyze } from '../../src/language/analyzer';
import { largest, smallest } from '../../src/language/extremes';
import { formatText } from '../../src/language/features/formatting';
import { modelSummary, summaryTable } from '../../src/language/features/summary';
import { appendBatch, emptyBatchSeries } from '../../client/src/panel/batchSeries';
import type { RunView } from '../../client/src/panel/messages';
import { buildCurveChart } from '../../client/src/panel/view/chart';
import { classRows } from '../../client/src/panel/view/classTable';
import { modelDiagram } from '../../client/src/panel/view/modelDiagram';
import { commentedModel, deepModel } from '../hostile/generated';

const PAST_THE_SPREAD_LIMIT = 130_000;

test('largest/smallest over 1,000,000 values, and their floor and ceiling for none', () => {
  const values = Array.from({ length: 1_000_000 }, (_, i) => (i * 7919) % 1_000_003);
  values[123_456] = 2_000_000;
  values[654_321] = -5;
  assert.equal(largest(values), 2_000_000);
  assert.equal(smallest(values), -5);
  assert.equal(largest(values, 3_000_000), 3_000_000);
  assert.equal(largest([], 3), 3);
  assert.equal(smallest([], 3), 3);
});

test('the summary table, modelSummary and model diagram of a 130,000-layer model', { timeout: 300_000 }, () => {
  // The analysis of a small model with its middle layer repeated: the features see 130,000
  // layers without the test paying for analysing them (the CLI test checks a real such file).
  const small = analyze(deepModel(1));
  const [input, middle, output] = small.layers;
  const copies = Array.from({ length: PAST_THE_SPREAD_LIMIT }, (_, i) => ({ ...middle, name: `dense_${i}` }));
  const layers = [input, ...copies, output];
  const nodes = layers.map((_, i) => ({ inputs: i === 0 ? [] : [i - 1], unresolved: false }));
  const analysis = { ...small, layers, graph: { ...small.graph, nodes, output: layers.length - 1 } };
  const table = summaryTable(analysis);
  assert.match(table, /Model: "Deep"/);
  assert.equal(table.split('\n').filter((l) => l.includes('(Dense)')).length, PAST_THE_SPREAD_LIMIT + 1);
  const summary = modelSummary(analysis);
  assert.equal(summary.layers.length, PAST_THE_SPREAD_LIMIT + 2);
  assert.equal(modelDiagram(summary.layers).boxes.length, PAST_THE_SPREAD_LIMIT + 2);
});

test('formatting 130,000 lines with trailing comments aligns them instead of returning nothing', { timeout: 300_000 }, () => {
  const text = commentedModel(PAST_THE_SPREAD_LIMIT);
  const formatted = formatText(text);
  const lines = formatted.split('\n').filter((l) => l.includes('# layer'));
  assert.equal(lines.length, PAST_THE_SPREAD_LIMIT);
  const column = lines[0].indexOf('#');
  assert.ok(lines.every((l) => l.indexOf('#') === column), 'one comment column for the block');
});

test('the chart of a 200,000-epoch history and the class table of 200,000 classes', { timeout: 120_000 }, () => {
  const history = Array.from({ length: 200_000 }, (_, i) => ({ epoch: i + 1, loss: 1 / (i + 1), accuracy: 1 - 1 / (i + 2), seconds: 1 }));
  let batches = emptyBatchSeries();
  for (let step = 1; step <= 1000; step++) batches = appendBatch(batches, { step, loss: 2 / step, accuracy: 0.5 });
  const run: RunView = { status: 'completed', epochs: history.length, batchesPerEpoch: 1, epoch: history.length, batch: 1, elapsedSeconds: 0, history, batches };
  const loss = buildCurveChart(run, 'loss');
  assert.deepEqual(loss.xDomain, [0, 200_000]);
  assert.equal(loss.yDomain[0], 0);
  const accuracy = buildCurveChart(run, 'accuracy');
  assert.equal(accuracy.yDomain[1], 1);
  const perClass = Array.from({ length: 200_000 }, (_, label) => ({ label, support: 1, correct: label % 2, accuracy: label % 2, precision: 1, recall: label % 2 }));
  const rows = classRows(perClass, []);
  assert.equal(rows.filter((r) => r.worst).length, 100_000);
});
