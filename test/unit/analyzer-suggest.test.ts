// "Did you mean": close spellings first, case and underscores free, prefixes last.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { layers } from '../../src/language/catalogue';
import { didYouMean } from '../../src/language/suggest';

const types = layers.map((l) => l.type);

test('close spellings, best first', () => {
  assert.deepEqual(didYouMean('rellu', ['relu', 'elu', 'selu', 'tanh']), ['relu']);
  assert.deepEqual(didYouMean('MaxPool2D', types), ['MaxPooling2D']);
  assert.deepEqual(didYouMean('Denes', types), ['Dense']);
  assert.deepEqual(didYouMean('lsmt', types), ['LSTM']);
});

test('case, underscores and dashes cost nothing; an exact match up to case wins alone', () => {
  assert.deepEqual(didYouMean('dense', types), ['Dense']);
  assert.deepEqual(didYouMean('batchNormalization', types), ['BatchNormalization']);
  assert.deepEqual(didYouMean('hardsigmoid', ['hard_sigmoid', 'sigmoid']), ['hard_sigmoid']);
});

test('a prefix of three letters or more suggests what it starts', () => {
  assert.deepEqual(didYouMean('Conv', types), ['Conv1D', 'Conv2D', 'Conv2DTranspose']);
  assert.deepEqual(didYouMean('Gl', types), []);
});

test('nothing close: no suggestion; never the word itself; at most three', () => {
  assert.deepEqual(didYouMean('Transformer', types), []);
  assert.deepEqual(didYouMean('relu', ['relu']), []);
  assert.deepEqual(didYouMean('', types), []);
  assert.ok(didYouMean('Global', types).length <= 3);
});
