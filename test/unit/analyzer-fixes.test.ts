// Quick fixes: applied to the text, they give exactly the intended text (the user's
// indentation and line endings kept) and the diagnostic goes away.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyze } from '../../src/language/analyzer';
import { applyFix, codesOf, fixOf, only } from './analyzer-helpers';

const mlp = (layers: string, tail = ''): string => `model M {\n${layers}}\n${tail}`;

test('did-you-mean: one fix per candidate, the only candidate preferred, quotes kept', () => {
  const text = mlp('    Input(shape=[784])\n    Dense(64, activation="rellu")\n    Dense(10, activation=softmax)\n');
  const fix = fixOf(text, 'DNN203', "Change to 'relu'");
  assert.equal(fix.isPreferred, true);
  assert.equal(applyFix(text, fix), text.replace('"rellu"', '"relu"'));
  assert.deepEqual(analyze(applyFix(text, fix)).diagnostics, []);

  const several = analyze(mlp('    Input(shape=[28, 28, 1])\n    Conv(8, 3)\n    Flatten()\n    Dense(10, activation=softmax)\n'));
  const titles = only(several, 'DNN201').fixes?.map((f) => [f.title, f.isPreferred ?? false]);
  assert.deepEqual(titles, [
    ["Change to 'Conv1D'", false],
    ["Change to 'Conv2D'", false],
    ["Change to 'Conv2DTranspose'", false],
  ]);
});

test('a layer type, an argument name, a setting key and a padding value are fixed in place', () => {
  const text = mlp(
    '    Input(shape=[28, 28, 1])\n    conv2d(8, 3, paddin=same)\n    MaxPooling2D(2, padding=vaild)\n    Flatten()\n    Dense(10, activation=softmax)\n',
    'fit {\n    epoch = 2\n}\n',
  );
  let fixed = applyFix(text, fixOf(text, 'DNN201', "Change to 'Conv2D'"));
  fixed = applyFix(fixed, fixOf(fixed, 'DNN202', "Change to 'padding'"));
  fixed = applyFix(fixed, fixOf(fixed, 'DNN209', "Change to 'valid'"));
  fixed = applyFix(fixed, fixOf(fixed, 'DNN207', "Change to 'epochs'"));
  assert.equal(
    fixed,
    mlp(
      '    Input(shape=[28, 28, 1])\n    Conv2D(8, 3, padding=same)\n    MaxPooling2D(2, padding=valid)\n    Flatten()\n    Dense(10, activation=softmax)\n',
      'fit {\n    epochs = 2\n}\n',
    ),
  );
  assert.deepEqual(analyze(fixed).diagnostics, []);
});

test('insert Flatten() before the Dense that follows a spatial layer, with its indentation', () => {
  const text = mlp('\tInput(shape=[28, 28, 1])\n\tConv2D(8, 3, activation=relu)\n\tDense(32, activation=relu)\n\tDense(10, activation=softmax)\n');
  const fix = fixOf(text, 'DNN310', 'Insert Flatten() before dense');
  assert.equal(fix.isPreferred, true);
  const fixed = applyFix(text, fix);
  assert.equal(fixed, text.replace('\tDense(32', '\tFlatten()\n\tDense(32'));
  assert.deepEqual(analyze(fixed).diagnostics, []);
});

test('set the last Dense to 10 units', () => {
  const text = mlp('    Input(shape=[784])\n    Dense(64, activation=relu)\n    Dense(units=12, activation=softmax)\n');
  const fixed = applyFix(text, fixOf(text, 'DNN310', 'Set units to 10'));
  assert.equal(fixed, text.replace('units=12', 'units=10'));
  assert.deepEqual(analyze(fixed).diagnostics, []);
});

test('a model that ends without a classifier gets one', () => {
  const text = mlp('    Input(shape=[28, 28, 1])\n    Conv2D(8, 3, activation=relu)\n    MaxPooling2D(2)\n');
  const fixed = applyFix(text, fixOf(text, 'DNN310', 'Add Flatten() and Dense(10, activation=softmax) at the end'));
  assert.equal(fixed, text.replace('MaxPooling2D(2)\n', 'MaxPooling2D(2)\n    Flatten()\n    Dense(10, activation=softmax)\n'));
  assert.deepEqual(analyze(fixed).diagnostics, []);
});

test('add a missing Input shaped for the first layer', () => {
  const dense = mlp('  Dense(64, activation=relu)\n  Dense(10, activation=softmax)\n');
  const fixedDense = applyFix(dense, fixOf(dense, 'DNN302', 'Add Input(shape=[784])'));
  assert.equal(fixedDense, mlp('  Input(shape=[784])\n  Dense(64, activation=relu)\n  Dense(10, activation=softmax)\n'));
  assert.deepEqual(analyze(fixedDense).diagnostics, []);

  const conv = mlp('    Conv2D(8, 3)\n    Flatten()\n    Dense(10, activation=softmax)\n');
  const fixedConv = applyFix(conv, fixOf(conv, 'DNN302', 'Add Input(shape=[28, 28, 1])'));
  assert.deepEqual(analyze(fixedConv).diagnostics, []);

  const rnn = mlp('    LSTM(32)\n    Dense(10, activation=softmax)\n');
  assert.deepEqual(analyze(applyFix(rnn, fixOf(rnn, 'DNN302', 'Add Input(shape=[28, 28])'))).diagnostics, []);
});

test('a convolution after a flat Input: change the Input shape; a Flatten on a flat input: remove it', () => {
  const conv = mlp('    Input(shape=[784])\n    Conv2D(8, 3)\n    Flatten()\n    Dense(10, activation=softmax)\n');
  const fixedConv = applyFix(conv, fixOf(conv, 'DNN305', 'Change the Input shape to [28, 28, 1]'));
  assert.deepEqual(analyze(fixedConv).diagnostics, []);

  const flatten = mlp('    Input(shape=[784])\n    Flatten()\n    Dense(10, activation=softmax)\n');
  const fixedFlatten = applyFix(flatten, fixOf(flatten, 'DNN305', 'Remove Flatten(): its input is already flat'));
  assert.equal(fixedFlatten, mlp('    Input(shape=[784])\n    Dense(10, activation=softmax)\n'));
});

test('an activation written where Keras expects strides becomes activation=...', () => {
  const text = mlp('    Input(shape=[28, 28, 1])\n    Conv2D(8, 3, relu)\n    Flatten()\n    Dense(10, activation=softmax)\n');
  const fixed = applyFix(text, fixOf(text, 'DNN213', 'Write activation=relu'));
  assert.equal(fixed, text.replace('3, relu)', '3, activation=relu)'));
  assert.deepEqual(analyze(fixed).diagnostics, []);
});

test('the loss and the output activation: fix either one', () => {
  const linear = mlp('    Input(shape=[784])\n    Dense(10)\n', 'compile {\n    optimizer = adam\n}\n');
  const withSoftmax = applyFix(linear, fixOf(linear, 'DNN401', 'Set the output activation to softmax'));
  assert.equal(withSoftmax, linear.replace('Dense(10)', 'Dense(10, activation=softmax)'));
  assert.deepEqual(analyze(withSoftmax).diagnostics, []);
  // "Change the loss" adds the loss line below the last setting.
  const withLoss = applyFix(linear, fixOf(linear, 'DNN401', 'Change the loss to mean_squared_error'));
  assert.equal(withLoss, linear.replace('optimizer = adam\n', 'optimizer = adam\n    loss = mean_squared_error\n'));
  assert.deepEqual(codesOf(analyze(withLoss)), ['DNN402']);

  const sigmoid = mlp('    Input(shape=[784])\n    Dense(10, activation=sigmoid)\n');
  const binary = applyFix(sigmoid, fixOf(sigmoid, 'DNN401', 'Change the loss to binary_crossentropy'));
  assert.equal(binary, `${sigmoid.trimEnd()}\n\ncompile {\n    loss = binary_crossentropy\n}\n`);

  const mse = mlp('    Input(shape=[784])\n    Dense(10, activation=softmax)\n', 'compile {\n    loss = mse\n}\n');
  const crossentropy = applyFix(mse, fixOf(mse, 'DNN402', 'Change the loss to categorical_crossentropy'));
  assert.equal(crossentropy, mse.replace('loss = mse', 'loss = categorical_crossentropy'));
  assert.deepEqual(analyze(crossentropy).diagnostics, []);

  const bce = mlp('    Input(shape=[784])\n    Dense(10, activation=sigmoid)\n', 'compile {\n    loss = binary_crossentropy\n}\n');
  const both = applyFix(bce, fixOf(bce, 'DNN402', 'Use softmax with categorical_crossentropy'));
  assert.equal(both, bce.replace('sigmoid', 'softmax').replace('binary_crossentropy', 'categorical_crossentropy'));
  assert.deepEqual(analyze(both).diagnostics, []);
});

test('the Input shape for MNIST', () => {
  const text = mlp('    Input(shape=[32, 32, 3])\n    Flatten()\n    Dense(10, activation=softmax)\n');
  const fix = fixOf(text, 'DNN405', 'Change the Input shape to [28, 28, 1]');
  assert.equal(fix.isPreferred, true);
  assert.deepEqual(analyze(applyFix(text, fix)).diagnostics, []);
});

test('inserted lines use the file\'s own line endings', () => {
  const text = 'model M {\r\n    Dense(64, activation=relu)\r\n    Dense(10, activation=softmax)\r\n}\r\n';
  const fixed = applyFix(text, fixOf(text, 'DNN302', 'Add Input(shape=[784])'));
  assert.equal(fixed, 'model M {\r\n    Input(shape=[784])\r\n    Dense(64, activation=relu)\r\n    Dense(10, activation=softmax)\r\n}\r\n');
});

test('a layer that wants a vector after a Dense on feature maps: insert Flatten() before that Dense', () => {
  const text = mlp('    Input(shape=[28, 28, 1])\n    Conv2D(8, 3)\n    Dense(32)\n    RepeatVector(2)\n    LSTM(16)\n    Dense(10, activation=softmax)\n');
  const fixed = applyFix(text, fixOf(text, 'DNN305', 'Insert Flatten() before dense'));
  assert.equal(fixed, text.replace('    Dense(32)', '    Flatten()\n    Dense(32)'));
  assert.deepEqual(analyze(fixed).diagnostics, []);
});

test("Keras' input_shape on the first layer: shapes go on, and the fix moves it into an Input", () => {
  const text = mlp('    Conv2D(8, 3, activation=relu, input_shape=(28, 28, 1))\n    Flatten()\n    Dense(10, activation=softmax)\n');
  const analysis = analyze(text);
  assert.deepEqual(codesOf(analysis), ['DNN202']);
  assert.match(analysis.diagnostics[0]?.message ?? '', /input_shape is written as a first layer of its own here: Input\(shape=\(28, 28, 1\)\)/);
  assert.deepEqual(analysis.layers.map((l) => l.outputShape), [[null, 26, 26, 8], [null, 5408], [null, 10]]);
  const fixed = applyFix(text, fixOf(text, 'DNN202', 'Move to a first layer Input(shape=(28, 28, 1))'));
  assert.equal(fixed, mlp('    Input(shape=(28, 28, 1))\n    Conv2D(8, 3, activation=relu)\n    Flatten()\n    Dense(10, activation=softmax)\n'));
  assert.deepEqual(analyze(fixed).diagnostics, []);

  const first = mlp('    Dense(64, input_shape=[784], activation=relu)\n    Dense(10, activation=softmax)\n');
  assert.equal(
    applyFix(first, fixOf(first, 'DNN202', 'Move to a first layer Input(shape=[784])')),
    mlp('    Input(shape=[784])\n    Dense(64, activation=relu)\n    Dense(10, activation=softmax)\n'),
  );
});

test('class_names: one name per output unit; extra names are marked and removed, a Dense sets its units (not on MNIST)', () => {
  const idx = 'dataset = idx(train_images="a", train_labels="b", test_images="c", test_labels="d")';
  const tooMany = mlp('    Input(shape=[784])\n    Dense(3, activation=softmax)\n', `fit {\n    ${idx}\n    class_names = ["cat", "dog", "bird", "fish", "cow"]\n}\n`);
  const diagnostic = only(analyze(tooMany), 'DNN407');
  assert.equal(diagnostic.severity, 'warning');
  assert.equal(diagnostic.message, 'class_names gives 5 names but the model outputs 3 class scores ([null, 3]): one name per class, in label order');
  const line = tooMany.split('\n').findIndex((l) => l.includes('class_names'));
  const column = (text: string) => tooMany.split('\n')[line].indexOf(text);
  assert.deepEqual(diagnostic.range, { start: { line, character: column('"fish"') }, end: { line, character: column(']') } }, 'the extra names');
  const removed = applyFix(tooMany, fixOf(tooMany, 'DNN407', 'Remove the last 2 names'));
  assert.equal(removed, tooMany.replace(', "fish", "cow"', ''));
  assert.deepEqual(codesOf(analyze(removed)), []);
  const widened = applyFix(tooMany, fixOf(tooMany, 'DNN407', 'Set units to 5'));
  assert.equal(widened, tooMany.replace('Dense(3,', 'Dense(5,'));
  assert.deepEqual(codesOf(analyze(widened)), []);

  const tooFew = mlp('    Input(shape=[784])\n    Dense(10, activation=softmax)\n', 'fit {\n    class_names = ["zero", "one"]\n}\n');
  const few = only(analyze(tooFew), 'DNN407');
  assert.equal(few.message, 'class_names gives 2 names but the model outputs 10 class scores ([null, 10]): one name per class, in label order');
  const fewLine = tooFew.split('\n')[few.range.start.line];
  assert.equal(fewLine.slice(few.range.start.character, few.range.end.character), '["zero", "one"]', 'the whole list');
  assert.deepEqual(few.fixes ?? [], [], 'MNIST has 10 classes: no units fix, and no names to invent');
  assert.notEqual(analyze(tooFew).spec, undefined, 'a warning: the model still trains');
});
