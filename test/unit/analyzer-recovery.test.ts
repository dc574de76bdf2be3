// After a mistake the analyzer keeps every shape it can: a typo in an activation keeps the
// layer's shape, a bad axis keeps the output, an unknown layer leaves only what follows it
// unknown, and syntax errors do not stop the layers around them.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyze } from '../../src/language/analyzer';
import { model } from './analyzer-helpers';

const shapes = (text: string) => analyze(text).layers.map((l) => l.outputShape);

test('a typo in an activation keeps every shape and parameter count', () => {
  const analysis = analyze(model('Input(shape=[784])\nDense(64, activation=rellu)\nDense(10, activation=softmax)'));
  assert.deepEqual(analysis.layers.map((l) => [l.outputShape, l.params]), [
    [[null, 784], 0],
    [[null, 64], 50240],
    [[null, 10], 650],
  ]);
  // The broken layer gets no formula (its activation is unknown); the next one does.
  assert.equal(analysis.layers[1]?.formula, undefined);
  assert.equal(analysis.layers[2]?.formula, 'h2 = softmax(b1 + W1 h1), W1: 10x64');
});

test('a bad use_bias keeps the shape but not the parameter count', () => {
  const analysis = analyze(model('Input(shape=[784])\nDense(64, use_bias=maybe)\nDense(10, activation=softmax)'));
  assert.deepEqual(analysis.layers[1]?.outputShape, [null, 64]);
  assert.equal(analysis.layers[1]?.params, undefined);
  assert.equal(analysis.layers[2]?.params, 650);
});

test('a bad axis or dilation with strides keeps the output shape', () => {
  assert.deepEqual(shapes(model('Input(shape=[28, 28, 1])\nConv2D(4, 3, strides=2, dilation_rate=2)\nBatchNormalization(axis=7)\nFlatten()\nDense(10, activation=softmax)')), [
    [null, 28, 28, 1],
    [null, 12, 12, 4],
    [null, 12, 12, 4],
    [null, 576],
    [null, 10],
  ]);
});

test('an impossible Reshape without -1 gives its written target to the layers after it', () => {
  assert.deepEqual(shapes(model('Input(shape=[784])\nReshape([28, 27, 1])\nFlatten()\nDense(10, activation=softmax)')), [
    [null, 784],
    [null, 28, 27, 1],
    [null, 756],
    [null, 10],
  ]);
});

test('an unknown layer or a shape error leaves what follows unknown, names and arguments still checked', () => {
  const analysis = analyze(model('Input(shape=[784])\nDense(64)\nDanse(32)\nDense(10, activation=sofmax)'));
  assert.deepEqual(analysis.layers.map((l) => [l.name, l.outputShape]), [
    ['input_layer', [null, 784]],
    ['dense', [null, 64]],
    ['danse', undefined],
    ['dense_1', undefined],
  ]);
  assert.deepEqual(analysis.diagnostics.map((d) => d.code), ['DNN201', 'DNN203']);
});

test('syntax errors: the layers around them keep their shapes', () => {
  const analysis = analyze('model M {\n    Input(shape=[784])\n    Dense(64, activation=relu\n    Dense(32 activation=relu)\n    Dense(10, activation=softmax)\n}\n');
  assert.deepEqual(analysis.diagnostics.map((d) => d.code), ['DNN105', 'DNN104']);
  assert.deepEqual(analysis.layers.map((l) => l.outputShape), [[null, 784], [null, 64], [null, 32], [null, 10]]);
});
