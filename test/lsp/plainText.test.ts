// Plain-text forms of the features' Markdown and snippets, for clients without them.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { markdownToPlainText, snippetToPlainText } from '../../src/lsp/plainText';

test('Markdown: bold and inline code lose their marks, a fenced block keeps its lines', () => {
  assert.equal(markdownToPlainText('**Dense** `dense`: `[null, 784]` → `[null, 64]`'), 'Dense dense: [null, 784] → [null, 64]');
  assert.equal(markdownToPlainText('Params: 4\n\n```text\nh1 = relu(b0 + W0 h0)\n```'), 'Params: 4\n\nh1 = relu(b0 + W0 h0)');
  assert.equal(markdownToPlainText('`w -= learning_rate * g`'), 'w -= learning_rate * g', 'a * inside code stays');
});

test('snippets: placeholders keep their default, tab stops vanish, escapes are literal', () => {
  assert.equal(snippetToPlainText('Conv2D(${1:filters}, ${2:kernel_size})$0'), 'Conv2D(filters, kernel_size)');
  assert.equal(snippetToPlainText('Input(shape=[${1}])$0'), 'Input(shape=[])');
  assert.equal(snippetToPlainText('padding=${1|valid,same|}'), 'padding=valid');
  assert.equal(snippetToPlainText('x = ${1:a\\}b\\$c\\\\d}$10'), 'x = a}b$c\\d');
  assert.equal(snippetToPlainText('cost $ 5 and ${oops'), 'cost $ 5 and ${oops', 'a $ that starts no placeholder stays');
});
