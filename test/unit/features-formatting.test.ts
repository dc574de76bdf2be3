// The formatter on every fixture and example: idempotent, never changing what the file
// means, refusing files with syntax errors; and its canonical forms, one by one.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { analyze } from '../../src/language/analyzer';
import { formatDocument, formatText } from '../../src/language/features/formatting';
import type { Analysis } from '../../src/language/types';

const root = join(import.meta.dirname, '..', '..');
const folders = ['test/fixtures/parser/ok', 'test/fixtures/parser/err', 'examples', 'examples/errors'];
// Files only: training an example leaves a `.dnn` runs folder beside it (`examples/.dnn/runs`).
const files = folders.flatMap((folder) =>
  readdirSync(join(root, folder), { withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.dnn'))
    .map((entry) => entry.name)
    .sort()
    .map((f) => join(folder, f)),
);

/** What a file means: layers, shapes, parameters, problems and the engine's spec; not where things are. */
function meaning(analysis: Analysis): unknown {
  return {
    model: analysis.modelName,
    layers: analysis.layers.map((l) => [l.type, l.name, l.config, l.outputShape, l.params, l.trainableParams, l.formula]),
    totals: [analysis.totalParams, analysis.trainableParams],
    problems: analysis.diagnostics.map((d) => `${d.severity} ${d.code}`),
    spec: analysis.spec,
  };
}

test('the fixtures and examples are all here', () => {
  assert.ok(files.length >= 40, `${files.length} files`);
});

for (const file of files) {
  test(`format ${file}: idempotent, same analysis (or refused for syntax errors)`, () => {
    const text = readFileSync(join(root, file), 'utf8');
    const analysis = analyze(text);
    const edits = formatDocument(analysis, text);
    if (analysis.diagnostics.some((d) => d.code.startsWith('DNN1'))) {
      assert.deepEqual(edits, [], 'no edits for a file with syntax errors');
      return;
    }
    const once = formatText(text);
    assert.equal(formatText(once), once, 'format(format(x)) == format(x)');
    assert.deepEqual(meaning(analyze(once)), meaning(analysis));
    assert.equal(edits.length === 0, once === text, 'edits exactly when the text changes');
  });
}

test('the two examples are already canonical', () => {
  for (const example of ['examples/mnist-mlp.dnn', 'examples/mnist-cnn.dnn']) {
    const text = readFileSync(join(root, example), 'utf8');
    assert.equal(formatText(text), text, example);
  }
});

test('spacing: inside calls, around `=`, after commas, before `{`', () => {
  assert.equal(
    formatText('model   M{\nInput( shape = [ 28 ,28, 1 ] )\nConv2D(8,3 ,padding = "same")\n}\nfit{\nepochs=2 ; batch_size  =  4\n}'),
    'model M {\n    Input(shape=[28, 28, 1])\n    Conv2D(8, 3, padding="same")\n}\n\nfit {\n    epochs = 2; batch_size = 4\n}\n',
  );
});

test('indentation: hanging calls go 4 in, calls continued after their first argument line up under it', () => {
  const text = 'model M {\nInput(\nshape=[784]\n)\n  Dense(64,\n activation=relu)\n}\ncompile {\noptimizer = adam(learning_rate=0.001,\nbeta_1=0.8)\n}\n';
  assert.equal(
    formatText(text),
    'model M {\n    Input(\n        shape=[784]\n    )\n    Dense(64,\n          activation=relu)\n}\n\ncompile {\n    optimizer = adam(learning_rate=0.001,\n                     beta_1=0.8)\n}\n',
  );
});

test('blank lines: one at most, none inside the edges of a block, one between blocks, one line break at the end', () => {
  assert.equal(
    formatText('\n\n# header\nmodel M {\n\n\n    Input(shape=[784])\n\n\n\n    Dense(10)\n\n}\ncompile {\n    loss = mse\n}\n\n\n'),
    '# header\nmodel M {\n    Input(shape=[784])\n\n    Dense(10)\n}\n\ncompile {\n    loss = mse\n}\n',
  );
});

test('comments: kept as written, trailing ones of consecutive lines aligned', () => {
  assert.equal(
    formatText('model M { # the model\n    # first the input\n    Input(shape=[784]) # flat\n    Dense(10, activation=softmax)   # ten classes   \n\n    Flatten() # alone\n}\n'),
    'model M {  # the model\n    # first the input\n    Input(shape=[784])             # flat\n    Dense(10, activation=softmax)  # ten classes\n\n    Flatten()  # alone\n}\n',
  );
});

test('line endings: CRLF files stay CRLF', () => {
  assert.equal(formatText('model M {\r\n  Input(shape=[784])\r\n}'), 'model M {\r\n    Input(shape=[784])\r\n}\r\n');
});

test('an empty file stays empty; the whole document is one edit', () => {
  assert.equal(formatText(''), '');
  const text = 'model M {\n  Input(shape=[784])\n}\n';
  const edits = formatDocument(analyze(text), text);
  assert.deepEqual(edits, [{ range: { start: { line: 0, character: 0 }, end: { line: 3, character: 0 } }, newText: 'model M {\n    Input(shape=[784])\n}\n' }]);
});
