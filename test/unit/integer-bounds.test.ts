// Numbers past every limit (issue 10): every whole-number argument, setting and size has an
// upper bound (2^31 - 1, what tfjs holds as an int32) named in the error; the files of
// test/hostile/ that used to check clean with "∞ params" now have that one error.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { analyze } from '../../src/language/analyzer';
import { MAX_WHOLE_NUMBER } from '../../src/language/resolve-numbers';

const corpus = join(import.meta.dirname, '..', 'hostile');
const errorsOf = (text: string) => analyze(text).diagnostics.filter((d) => d.severity === 'error').map((d) => d.message);

test('the hostile corpus: Dense(1e308), Dense(99999999999999999999), Dense(2147483648), batch_size=1e308, seed=1e308, Input(shape=[1e308])', () => {
  const expected: Record<string, string> = {
    'dense-1e308.dnn': "'units' must be at most 2,147,483,647, got 1e308",
    'dense-20-digits.dnn': "'units' must be at most 2,147,483,647, got 99999999999999999999",
    'dense-2-pow-31.dnn': "'units' must be at most 2,147,483,647, got 2147483648",
    'batch-size-1e308.dnn': "'batch_size' must be at most 2,147,483,647, got 1e308",
    'seed-1e308.dnn': "'seed' must be at most 2,147,483,647, got 1e308",
    'input-shape-1e308.dnn': 'a size must be at most 2,147,483,647, got 1e308',
  };
  for (const [file, message] of Object.entries(expected)) {
    assert.deepEqual(errorsOf(readFileSync(join(corpus, file), 'utf8')), [message], file);
  }
});

test('the bound holds for tuples, negative numbers and settings too; 2^31 - 1 itself passes the bound', () => {
  const model = (layer: string, fit = '') => `model M {\n    Input(shape=[28, 28, 1])\n    ${layer}\n    Flatten()\n    Dense(10, activation=softmax)\n}\nfit {\n    dataset = mnist\n${fit}}\n`;
  assert.deepEqual(errorsOf(model('Conv2D(8, kernel_size=(3, 1e12))')), ["'kernel_size' must be at most 2,147,483,647, got 1e12"]);
  assert.deepEqual(errorsOf(model('Conv2D(8, 3)', '    seed = -1e308\n')), ["'seed' must be at least 0, got -1e308"]);
  assert.deepEqual(errorsOf(model('Softmax(axis=-1e300)')), ["'axis' must be at least -2,147,483,647, got -1e300"]);
  assert.deepEqual(errorsOf(model('Conv2D(8, 3)', '    epochs = 4294967296\n')), ["'epochs' must be at most 2,147,483,647, got 4294967296"]);
  assert.equal(MAX_WHOLE_NUMBER, 2_147_483_647);
  assert.doesNotMatch(errorsOf(model('Conv2D(8, 3)', `    seed = ${MAX_WHOLE_NUMBER}\n`)).join('\n'), /at most/);
});
