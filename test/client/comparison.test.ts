// The comparison of runs as data: overlaid curves (one line per run and kind), the best of each
// final figure, per-class accuracy side by side with class names, and the spec diff.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildComparison, describeSpec, type ComparedRun } from '../../client/src/compare/comparison';
import type { ModelSpec } from '../../src/language/types';
import { runMetrics } from '../support/run-metrics';

const spec: ModelSpec = {
  name: 'M',
  inputShape: [784],
  inputName: 'input_layer',
  layers: [{ type: 'Dense', name: 'dense', config: { units: 64, activation: 'relu' }, inputs: ['input_layer'] }],
  outputName: 'dense',
  compile: { optimizer: { name: 'adam', args: { learning_rate: 0.001 } }, loss: 'categorical_crossentropy', metrics: ['accuracy'] },
  fit: { dataset: { kind: 'mnist' }, epochs: 2, batchSize: 32, validationSplit: 0.2, shuffle: true, classNames: ['cat', 'dog'] },
  outputShape: [null, 2],
  totalParams: 1,
  trainableParams: 1,
};

function run(name: string, accuracy: number, units: number, withTest = true): ComparedRun {
  const perClass = [0, 1].map((label) => ({ label, support: 10, correct: 9, accuracy: accuracy - label * 0.1, precision: 1, recall: 1 }));
  const test = withTest ? { loss: 1 - accuracy, accuracy, samples: 20, confusion: [], perClass, misclassified: [], seconds: 1 } : undefined;
  return {
    runDir: `/runs/${name}`,
    label: name,
    metrics: runMetrics({
      history: [
        { epoch: 1, loss: 0.9, accuracy: accuracy - 0.2, valLoss: 1, valAccuracy: accuracy - 0.25, seconds: 2 },
        { epoch: 2, loss: 0.5, accuracy: accuracy - 0.1, valLoss: 0.6, valAccuracy: accuracy - 0.15, seconds: 2 },
      ],
      test,
    }),
    spec: { ...spec, layers: [{ ...spec.layers[0], config: { units, activation: 'relu' } }] },
  };
}

test('curves: a train and a validation line per run, on shared axes', () => {
  const comparison = buildComparison([run('small', 0.9, 32), run('wide', 0.95, 128)]);
  const [loss, accuracy] = comparison.charts;
  assert.deepEqual(loss.lines.map((line) => [line.run, line.kind, line.points.length]), [[0, 'train', 2], [0, 'validation', 2], [1, 'train', 2], [1, 'validation', 2]]);
  assert.equal(accuracy.metric, 'accuracy');
  assert.deepEqual(accuracy.xDomain, [0, 2]);
  assert.ok(accuracy.yDomain[0] <= 0.65 && accuracy.yDomain[1] === 1);
  assert.deepEqual(comparison.runs.map((r) => r.name), ['small', 'wide']);
  const unlabelled = buildComparison([{ ...run('a', 0.9, 32), label: null }, { ...run('b', 0.9, 32), label: null }, run('c', 0.9, 32)]);
  assert.deepEqual(unlabelled.runs.map((r) => r.name.replace(/^[\d-]+ [\d:]+/, 'TIME')), ['TIME (a)', 'TIME (b)', 'c'], 'runs of the same minute are told apart by their folder');
});

test('final figures mark the best of each column (high accuracy, low loss); a run without test has none', () => {
  const comparison = buildComparison([run('small', 0.9, 32), run('wide', 0.95, 128), run('stopped', 0.5, 64, false)]);
  const column = (title: string) => comparison.figures.find((f) => f.title === title)!;
  assert.deepEqual(column('test accuracy').values, [0.9, 0.95, null]);
  assert.equal(column('test accuracy').best, 1);
  assert.equal(column('test loss').best, 1);
  assert.deepEqual(column('val loss').values, [0.6, 0.6, 0.6]);
  assert.equal(column('val loss').best, undefined, 'equal values: none is marked best');
});

test('per-class accuracy side by side by the class names; the spec diff shows only what was recorded differently', () => {
  const comparison = buildComparison([run('small', 0.9, 32), run('wide', 0.95, 128)]);
  assert.deepEqual(comparison.perClass.map((row) => [row.label, row.values, row.best]), [['cat', [0.9, 0.95], 1], ['dog', [0.8, 0.85], 1]]);
  const differing = comparison.specDiff.filter((row) => row.differs);
  assert.deepEqual(differing, [{ what: 'layer 1', values: ['Dense(units=32, activation="relu")', 'Dense(units=128, activation="relu")'], differs: true }]);
  const unrecorded = buildComparison([run('a', 0.9, 32), { ...run('b', 0.9, 32), spec: undefined }]);
  assert.ok(unrecorded.specDiff.every((row) => row.values[1] === 'not recorded' && row.differs));
  assert.equal(describeSpec(spec).get('fit.class_names'), 'cat, dog');
  const graph: ModelSpec = {
    ...spec,
    layers: [
      { type: 'Dense', name: 'a', config: { units: 4 }, inputs: ['input_layer'] },
      { type: 'Dense', name: 'b', config: { units: 4 }, inputs: ['input_layer'] },
      { type: 'Add', name: 'sum', config: {}, inputs: ['a', 'b'] },
    ],
  };
  assert.deepEqual([...describeSpec(graph)].filter(([what]) => what.startsWith('layer')), [
    ['layer 1', 'Dense(units=4)'],
    ['layer 2', 'Dense(units=4) ← input_layer'],
    ['layer 3', 'Add() ← a, b'],
  ], 'a graph model\'s wiring is part of the diff');
});
