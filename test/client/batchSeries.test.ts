import assert from 'node:assert/strict';
import { test } from 'node:test';
import { appendBatch, emptyBatchSeries, intervalMean, visiblePoints } from '../../client/src/panel/batchSeries';
import type { BatchSeries } from '../../client/src/panel/messages';

function feed(count: number, maxPoints: number, loss = (step: number) => step): BatchSeries {
  let series = emptyBatchSeries();
  for (let step = 1; step <= count; step++) series = appendBatch(series, { step, loss: loss(step), accuracy: step / count }, maxPoints);
  return series;
}

test('keeps every batch while the series is short', () => {
  const series = feed(5, 10);
  assert.equal(series.stride, 1);
  assert.deepEqual(series.points.map((p) => p.step), [1, 2, 3, 4, 5]);
});

test('stays within its limit however many batches arrive', () => {
  const series = feed(3750, 100);
  assert.ok(series.points.length <= 100, `${series.points.length} points`);
  assert.ok(series.points.length >= 50, 'halving keeps at least half the limit');
  assert.equal(series.stride, 64);
});

test('averages keep the mean of the raw values (no batch counted twice or lost)', () => {
  const count = 1000;
  const series = feed(count, 64, (step) => step * 2);
  const points = series.points;
  const covered = points.length * series.stride;
  const expectedMean = (covered + 1); // mean of 2, 4, ..., 2*covered
  const mean = points.reduce((sum, p) => sum + p.loss, 0) / points.length;
  assert.equal(mean, expectedMean);
  assert.equal(covered + series.pending.count, count);
});

test('each point ends at the last batch it covers', () => {
  const series = feed(40, 8);
  for (const [i, p] of series.points.entries()) assert.equal(p.step, (i + 1) * series.stride);
});

test('visible points include the partial group so the line reaches the latest batch', () => {
  const series = feed(13, 4);
  const visible = visiblePoints(series);
  assert.equal(visible[visible.length - 1].step, 13);
  assert.equal(visiblePoints(feed(4, 10)).length, 4);
});

test('does not mutate the series it was given', () => {
  const before = feed(8, 4);
  const copy = structuredClone(before);
  appendBatch(before, { step: 9, loss: 1, accuracy: 1 }, 4);
  assert.deepEqual(before, copy);
});

test('interval means recovered from running epoch means', () => {
  // Batches with losses 3, 1, 2: running means 3, 2, 2.
  assert.deepEqual(intervalMean(undefined, { epoch: 1, batch: 1, loss: 3, accuracy: 0 }), { loss: 3, accuracy: 0 });
  assert.deepEqual(intervalMean({ epoch: 1, batch: 1, loss: 3, accuracy: 0 }, { epoch: 1, batch: 3, loss: 2, accuracy: 0.5 }), { loss: 1.5, accuracy: 0.75 });
  // A new epoch starts its own running mean.
  assert.deepEqual(intervalMean({ epoch: 1, batch: 3, loss: 2, accuracy: 0.5 }, { epoch: 2, batch: 2, loss: 0.7, accuracy: 0.9 }), { loss: 0.7, accuracy: 0.9 });
  // Rounding never yields a negative loss or an accuracy above 1.
  const clamped = intervalMean({ epoch: 1, batch: 9, loss: 0.1, accuracy: 1 }, { epoch: 1, batch: 10, loss: 0.08, accuracy: 1.0000001 });
  assert.equal(clamped.loss, 0);
  assert.equal(clamped.accuracy, 1);
});
