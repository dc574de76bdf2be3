// The Keras-style summary table and the summary data, used by the CLI, the
// `dnn/modelSummary` request and the results panel.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyze } from '../../src/language/analyzer';
import { modelSummary, summaryTable } from '../../src/language/features/summary';

const mlp = `model MnistMLP {
    Input(shape=[784])
    Dense(64, activation=relu)
    Dense(64, activation=relu)
    Dense(10, activation=softmax)
}
`;

test('the article model: Keras layout, our shape notation, separated counts', () => {
  assert.equal(
    summaryTable(analyze(mlp)),
    [
      'Model: "MnistMLP"',
      '______________________________________________',
      ' Layer (type)          Output Shape   Param #',
      '==============================================',
      ' input_layer (Input)   [null, 784]          0',
      ' dense (Dense)         [null, 64]      50,240',
      ' dense_1 (Dense)       [null, 64]       4,160',
      ' dense_2 (Dense)       [null, 10]         650',
      '==============================================',
      'Total params: 55,050',
      'Trainable params: 55,050',
      'Non-trainable params: 0',
      '______________________________________________',
    ].join('\n'),
  );
});

test('non-trainable parameters are counted apart (BatchNormalization)', () => {
  const text = 'model B {\n    Input(shape=[784])\n    Dense(64)\n    BatchNormalization()\n    Dense(10, activation=softmax)\n}\n';
  const table = summaryTable(analyze(text));
  assert.match(table, /batch_normalization \(BatchNormalization\) +\[null, 64\] +256/);
  assert.match(table, /Trainable params: 51,018/);
  assert.match(table, /Non-trainable params: 128/);
});

test('after an error: unknown shapes and counts are ?, and the table says why', () => {
  const analysis = analyze('model Broken {\n    Input(shape=[784])\n    Dense(64, activation=rellu)\n    Denze(10)\n}\n');
  const table = summaryTable(analysis);
  assert.match(table, /denze \(Denze\) +\? +\?/);
  assert.match(table, /\(\? marks shapes and counts an error leaves unknown\)$/);
  const summary = modelSummary(analysis);
  assert.equal(summary.model, 'Broken');
  assert.ok(summary.errors >= 1);
  assert.deepEqual(summary.layers.at(-1), { type: 'Denze', name: 'denze', inputs: ['dense'], line: 3, inputShape: null, outputShape: null, params: null, trainableParams: null });
});

test('a file without a model still gives a table', () => {
  const summary = modelSummary(analyze('# nothing yet\n'));
  assert.equal(summary.model, undefined);
  assert.deepEqual(summary.layers, []);
  assert.match(summary.text, /Model: "unnamed"\n_+\n Layer \(type\) +Output Shape +Param #\n=+\n \(no layers\)/);
});
