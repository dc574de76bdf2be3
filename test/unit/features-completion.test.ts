// Completion, signature help and hover as pure functions, on the half-typed text where the
// parser's tree is incomplete: unclosed calls, missing values, the end of the file.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyze } from '../../src/language/analyzer';
import { layers } from '../../src/language/catalogue/index';
import { completions } from '../../src/language/features/completion';
import { hover } from '../../src/language/features/hover';
import { signatureHelp } from '../../src/language/features/signatureHelp';
import { withCursor } from '../lsp/harness';

function complete(marked: string) {
  const { text, position } = withCursor(marked);
  return completions(analyze(text), text, position);
}
const labels = (marked: string) => complete(marked).map((c) => c.label);

test('every catalogue layer is offered, in catalogue order', () => {
  assert.deepEqual(labels('model M {\n    |\n}\n'), layers.map((l) => l.type));
});

test('an unclosed call at the end of the file still completes', () => {
  assert.ok(labels('model M {\n    Input(shape=[784])\n    Dense(64, activation=|').includes('relu'));
  assert.ok(labels('model M {\n    Input(shape=[784])\n    Dense(64, |').includes('activation'));
  assert.ok(labels('model M {\n    Input(shape=[784])\n    Dense(64,\n          activation=s|').includes('softmax'), 'on a continuation line');
});

test('retyping an existing layer name or argument name replaces only the name', () => {
  const layer = complete('model M {\n    Input(shape=[784])\n    Den|se(64)\n}\n').find((c) => c.label === 'Dense')!;
  assert.equal(layer.insertText, 'Dense');
  assert.equal(layer.isSnippet, false);
  assert.deepEqual(layer.range, { start: { line: 2, character: 4 }, end: { line: 2, character: 9 } });
  const argument = complete('model M {\n    Input(shape=[784])\n    Dense(64, act|ivation=relu)\n}\n').find((c) => c.label === 'activation')!;
  assert.equal(argument.insertText, 'activation');
});

test('inside a string value, the word inside the quotes is completed', () => {
  const same = complete('model M {\n    Input(shape=[28, 28, 1])\n    Conv2D(8, 3, padding="sa|")\n}\n').find((c) => c.label === 'same')!;
  assert.deepEqual(same.range, { start: { line: 2, character: 26 }, end: { line: 2, character: 28 } });
});

test('metrics outside a list are inserted as a list', () => {
  const accuracy = complete('model M {\n    Input(shape=[784])\n}\n\ncompile {\n    metrics = |\n}\n').find((c) => c.label === 'accuracy')!;
  assert.equal(accuracy.insertText, '[accuracy]');
});

test('after a named argument only names are offered (no positional values)', () => {
  const offered = labels('model M {\n    Input(shape=[28, 28, 1])\n    Conv2D(filters=8, |)\n}\n');
  assert.ok(offered.includes('kernel_size'));
  assert.ok(!offered.includes('filters'));
});

test('the idx dataset is a snippet with its four paths', () => {
  const idx = complete('model M {\n    Input(shape=[784])\n}\n\nfit {\n    dataset = |\n}\n').find((c) => c.label === 'idx')!;
  assert.equal(idx.insertText, 'idx(train_images="${1}", train_labels="${2}", test_images="${3}", test_labels="${4}")$0');
  assert.equal(idx.isSnippet, true);
});

test('nothing on the model name, after a layer on its line, or inside a number list', () => {
  assert.deepEqual(labels('model Mn|ist {\n    Input(shape=[784])\n}\n'), []);
  assert.deepEqual(labels('model M {\n    Input(shape=[784]) |\n}\n'), []);
  assert.deepEqual(labels('model M {\n    Input(shape=[7|84])\n}\n'), []);
});

test('signature help for an optimizer call; hover on a Conv2D shows its formula', () => {
  const { text, position } = withCursor('model M {\n    Input(shape=[784])\n}\n\ncompile {\n    optimizer = rmsprop(learning_rate=0.01, rh|)\n}\n');
  const help = signatureHelp(analyze(text), text, position)!;
  assert.match(help.label, /^rmsprop\(learning_rate=0\.001, rho=0\.9/);
  const cnn = withCursor('model C {\n    Input(shape=[28, 28, 1])\n    Con|v2D(16, 3, activation=relu)\n}\n');
  const markdown = hover(analyze(cnn.text), cnn.position)!.markdown;
  assert.match(markdown, /`\[null, 28, 28, 1\]` → `\[null, 26, 26, 16\]`/);
  assert.match(markdown, /Params: 160/);
});

test('defaults read as they are written: a one-axis window as its number, metrics as a list', () => {
  const { text, position } = withCursor('model M {\n    Input(shape=[10, 3])\n    Conv1D(4, 3, |)\n}\n');
  assert.match(signatureHelp(analyze(text), text, position)?.label ?? '', /^Conv1D\(filters, kernel_size, strides=1, padding=valid, .*dilation_rate=1,/);
  const metrics = withCursor('model M {\n    Input(shape=[784])\n}\ncompile {\n    metri|cs = [accuracy]\n}\n');
  assert.match(hover(analyze(metrics.text), metrics.position)?.markdown ?? '', /default `\[accuracy\]`/);
});
