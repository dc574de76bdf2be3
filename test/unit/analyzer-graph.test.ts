// Graph models: names, references, the graph the analysis carries, and every check of
// names and structure with its exact code, severity, message, range and fix.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyze } from '../../src/language/analyzer';
import { codes } from '../../src/language/codes';
import { consumersOf, isChain, outputOf } from '../../src/language/graph';
import { applyFix, fixOf, marked, model } from './analyzer-helpers';

/** Exactly the given diagnostics, in text order, each at its marked range with its whole message. */
function check(textWithMarks: string, expected: { code: keyof typeof codes; message: string }[]): void {
  const { text, ranges } = marked(textWithMarks);
  const actual = analyze(text).diagnostics.map((d) => ({ code: d.code, severity: d.severity, message: d.message, range: d.range }));
  assert.deepEqual(
    actual,
    expected.map((want, i) => ({ code: codes[want.code].code, severity: codes[want.code].severity, message: want.message, range: ranges[i] })),
  );
}

test('a chain is a graph whose nodes each take the one before; the output is the last line', () => {
  const analysis = analyze(model('Input(shape=[784])\nDense(64, activation=relu)\nDense(10, activation=softmax)'));
  assert.deepEqual(analysis.graph.nodes, [
    { inputs: [], unresolved: false },
    { inputs: [0], unresolved: false },
    { inputs: [1], unresolved: false },
  ]);
  assert.equal(analysis.graph.output, 2);
  assert.equal(isChain(analysis.graph), true);
  assert.equal(outputOf(analysis.graph, analysis.layers)?.name, 'dense_1');
  assert.deepEqual(analysis.graph.references, []);
});

test('bindings name layers and feed the layers applied to them; unbound layers take the line above', () => {
  const text = model(`
    x = Input(shape=[784])
    a = Dense(32, activation=relu)
    b = Dense(16)(x)
    Dense(16)(a)
    Dense(10, activation=softmax)`);
  const analysis = analyze(text);
  assert.deepEqual(
    analysis.graph.nodes.map((node) => node.inputs),
    [[], [0], [0], [1], [3]],
  );
  assert.deepEqual(
    analysis.layers.map((layer) => [layer.name, layer.outputShape]),
    [
      ['x', [null, 784]],
      ['a', [null, 32]],
      ['b', [null, 16]],
      ['dense', [null, 16]],
      ['dense_1', [null, 10]],
    ],
  );
  assert.equal(isChain(analysis.graph), false);
  assert.deepEqual(consumersOf(analysis.graph, 0), [1, 2]);
  assert.deepEqual(
    analysis.graph.references.map((ref) => [ref.name.name, ref.from, ref.target]),
    [
      ['x', 2, 0],
      ['a', 3, 1],
    ],
  );
  // b feeds nothing and is not the output: a warning, and the spec still says who feeds whom.
  assert.deepEqual(
    analysis.diagnostics.map((d) => d.code),
    ['DNN319'],
  );
  assert.deepEqual(
    analysis.spec?.layers.map((layer) => [layer.name, layer.inputs]),
    [
      ['a', ['x']],
      ['b', ['x']],
      ['dense', ['a']],
      ['dense_1', ['dense']],
    ],
  );
  assert.equal(analysis.spec?.inputName, 'x');
  assert.equal(analysis.spec?.outputName, 'dense_1');
});

test('auto names never collide with a bound name', () => {
  const analysis = analyze(model('Input(shape=[784])\ndense = Dense(64)\nDense(32)\ndense_1 = Dense(16)\nDense(10, activation=softmax)'));
  assert.deepEqual(
    analysis.layers.map((layer) => layer.name),
    ['input_layer', 'dense', 'dense_2', 'dense_1', 'dense_3'],
  );
});

test('unknown name: did-you-mean with a fix, or the names there are', () => {
  const text = model('x = Input(shape=[784])\nhidden = Dense(64)\nDense(10, activation=softmax)(⟦hiden⟧)');
  check(text, [{ code: 'unknownReference', message: "unknown name 'hiden'; did you mean 'hidden'?" }]);
  const plain = marked(text).text;
  const fixed = applyFix(plain, fixOf(plain, 'DNN217', "Change to 'hidden'"));
  assert.equal(fixed, plain.replace('(hiden)', '(hidden)'));
  assert.deepEqual(analyze(fixed).diagnostics, []);

  check(model('x = Input(shape=[784])\nDense(10, activation=softmax)(⟦zzz⟧)'), [{ code: 'unknownReference', message: "unknown name 'zzz' (names above: x)" }]);
  check(model('Input(shape=[784])\nDense(10, activation=softmax)(⟦x⟧)'), [
    { code: 'unknownReference', message: "unknown name 'x' (no layer above has a name: bind one with NAME = Layer(...))" },
  ]);
});

test('a name used above its definition, or by its own layer: cycles cannot be written', () => {
  check(model('x = Input(shape=[784])\na = Dense(64)(⟦b⟧)\nb = Dense(64)(a)\nDense(10, activation=softmax)'), [
    { code: 'referenceBeforeDefinition', message: "'b' is defined further down, at 4:5: a layer takes outputs of the lines above it" },
  ]);
  check(model('x = Input(shape=[784])\na = Dense(64)(⟦a⟧)\nDense(10, activation=softmax)'), [
    { code: 'referenceBeforeDefinition', message: "'a' is this layer's own output: a layer takes outputs of the lines above it" },
  ]);
});

test('a name bound twice', () => {
  check(model('x = Input(shape=[784])\nh = Dense(64)\n⟦h⟧ = Dense(10, activation=softmax)'), [
    { code: 'duplicateName', message: "'h' is already bound at 3:5; each name is bound once" },
  ]);
});

test('a binding named like a keyword (error) or a layer type (warning)', () => {
  check(model('x = Input(shape=[784])\n⟦fit⟧ = Dense(64)\nDense(10, activation=softmax)'), [
    { code: 'nameShadowsKeyword', message: "'fit' is a keyword of the language and cannot name a layer; choose another name" },
  ]);
  check(model('x = Input(shape=[784])\n⟦true⟧ = Dense(64)\nDense(10, activation=softmax)'), [
    { code: 'nameShadowsKeyword', message: "'true' is a keyword of the language and cannot name a layer; choose another name" },
  ]);
  check(model('x = Input(shape=[784])\n⟦Dense⟧ = Dense(64)\nDense(10, activation=softmax)'), [
    { code: 'nameShadowsLayerType', message: "'Dense' is a layer type; a different name keeps 'Dense(...)' and '(Dense)' apart" },
  ]);
});

test('a layer applied to the wrong number of inputs', () => {
  check(model('x = Input(shape=[784])\na = Dense(64)\nDense(10, activation=softmax)⟦(x, a)⟧'), [
    { code: 'wrongInputCount', message: 'Dense takes 1 input, but is applied to 2; write Dense(...)(name)' },
  ]);
  check(model('x = Input(shape=[784])\nDense(10, activation=softmax)⟦()⟧'), [
    { code: 'wrongInputCount', message: 'Dense takes 1 input, but is applied to none; write Dense(...)(name)' },
  ]);
  check(model('x = Input(shape=[784])⟦()⟧\nDense(10, activation=softmax)'), [
    { code: 'wrongInputCount', message: "Input takes no inputs: it is where the data comes in; remove the '(...)' after it" },
  ]);
});

test('a branch whose output is never used: a warning with a fix that removes it', () => {
  const text = model(`
    x = Input(shape=[784])
    a = Dense(64, activation=relu)
    ⟦unused⟧ = Dense(32)
    Dense(10, activation=softmax)(a)`);
  check(text, [{ code: 'unusedOutput', message: "the output of unused (Dense) is never used: no layer takes it, and it is not the model's output (the last line)" }]);
  const plain = marked(text).text;
  const fixed = applyFix(plain, fixOf(plain, 'DNN319', 'Remove unused (its output is never used)'));
  assert.equal(fixed, plain.replace('    unused = Dense(32)\n', ''));
  assert.deepEqual(analyze(fixed).diagnostics, []);
});

test('more than one Input: analysed, shapes and all, but refused for training', () => {
  const text = model(`
    ⟦a⟧ = Input(shape=[784])
    b = ⟦Input⟧(shape=[784])
    Dense(10, activation=softmax)`);
  check(text, [
    { code: 'unusedOutput', message: "the output of a (Input) is never used: no layer takes it, and it is not the model's output (the last line)" },
    { code: 'multipleInputs', message: 'the model has 2 Inputs (a, b): it is checked, but training feeds one input; build the branches from one Input to train it' },
  ]);
  const analysis = analyze(marked(text).text);
  assert.deepEqual(analysis.layers.at(-1)?.outputShape, [null, 10]);
  assert.equal(analysis.spec, undefined);
});

test("the issue's residual CNN: every branch's shape, merges without weights, formulas naming the lines they read", () => {
  const text = `model ResidualCNN {
    x = Input(shape=[28, 28, 1])
    stem = Conv2D(16, 3, padding=same, activation=relu)
    a = Conv2D(16, 3, padding=same, activation=relu)
    b = Conv2D(16, 3, padding=same)(a)
    r = Add()([stem, b])
    MaxPooling2D(2)
    Flatten()
    Dense(10, activation=softmax)
}
`;
  const analysis = analyze(text);
  assert.deepEqual(analysis.diagnostics, []);
  assert.deepEqual(
    analysis.layers.map((layer) => [layer.name, layer.outputShape, layer.params]),
    [
      ['x', [null, 28, 28, 1], 0],
      ['stem', [null, 28, 28, 16], 160],
      ['a', [null, 28, 28, 16], 2320],
      ['b', [null, 28, 28, 16], 2320],
      ['r', [null, 28, 28, 16], 0],
      ['max_pooling2d', [null, 14, 14, 16], 0],
      ['flatten', [null, 3136], 0],
      ['dense', [null, 10], 31370],
    ],
  );
  assert.deepEqual(analysis.layers[4]?.inputShapes, [
    [null, 28, 28, 16],
    [null, 28, 28, 16],
  ]);
  assert.equal(analysis.layers[3]?.formula, 'h3 = b2 + conv(W2, h2), W2: 3x3x16x16, strides 1x1, same');
  assert.equal(analysis.layers[4]?.formula, 'h4 = h1 + h3, element by element');
  assert.equal(analysis.layers[5]?.formula, 'h5 = maxpool(h4), window 2x2, strides 2x2, valid');
  assert.deepEqual(
    analysis.spec?.layers.map((layer) => [layer.type, layer.name, layer.inputs]),
    [
      ['Conv2D', 'stem', ['x']],
      ['Conv2D', 'a', ['stem']],
      ['Conv2D', 'b', ['a']],
      ['Add', 'r', ['stem', 'b']],
      ['MaxPooling2D', 'max_pooling2d', ['r']],
      ['Flatten', 'flatten', ['max_pooling2d']],
      ['Dense', 'dense', ['flatten']],
    ],
  );
  assert.equal(analysis.totalParams, 160 + 2320 + 2320 + 31370);
});

test('Add()(a, b) is Add()([a, b]); squeeze-and-excitation gates broadcast; Concatenate sums its axis', () => {
  const text = model(`
    x = Input(shape=[28, 28, 1])
    f = Conv2D(6, 3, padding=same)
    s = GlobalAveragePooling2D()
    g = Dense(6, activation=sigmoid)
    gate = Reshape([1, 1, 6])
    scaled = Multiply()(f, gate)
    c = Concatenate()([scaled, f, x])
    Flatten()
    Dense(10, activation=softmax)`);
  const analysis = analyze(text);
  assert.deepEqual(analysis.diagnostics, []);
  assert.deepEqual(analysis.layers[4]?.outputShape, [null, 1, 1, 6]);
  assert.deepEqual(analysis.layers[5]?.outputShape, [null, 28, 28, 6]);
  assert.deepEqual(analysis.layers[6]?.outputShape, [null, 28, 28, 13]);
  assert.equal(analysis.layers[6]?.formula, 'h6 = concat(h5, h1, h0) along axis -1');
});

test('a merge with the wrong number of inputs, or none written', () => {
  const base = 'x = Input(shape=[784])\na = Dense(8)(x)\n⟦b⟧ = Dense(8)(x)\n';
  check(model(`${base.replace(/[⟦⟧]/g, '')}s = Subtract()⟦([a, b, x])⟧\nDense(10, activation=softmax)`), [
    { code: 'wrongInputCount', message: 'Subtract takes exactly 2 inputs, but is applied to 3; write Subtract()([a, b])' },
  ]);
  check(model(`${base}s = Add()⟦([a])⟧\nDense(10, activation=softmax)(s)`), [
    { code: 'unusedOutput', message: "the output of b (Dense) is never used: no layer takes it, and it is not the model's output (the last line)" },
    { code: 'wrongInputCount', message: 'Add takes 2 or more inputs, but is applied to 1; write Add()([a, b])' },
  ]);
  check(model('x = Input(shape=[784])\nDense(8)\n⟦Add⟧()\nDense(10, activation=softmax)'), [
    { code: 'wrongInputCount', message: 'Add takes 2 or more inputs, but without names it takes only the line above; write Add()([a, b])' },
  ]);
});

test('merge shape mismatch: every input shape and the axis that disagrees; Concatenate off its axis', () => {
  const base = 'x = Input(shape=[28, 28, 1])\na = Conv2D(8, 3, padding=same)\nb = Conv2D(16, 3, padding=same)(x)\n';
  check(model(`${base}r = Add()⟦([a, b])⟧\nFlatten()\nDense(10, activation=softmax)`), [
    {
      code: 'mergeShapeMismatch',
      message: 'Add needs inputs of one shape (a size of 1 broadcasts): got [null, 28, 28, 8], [null, 28, 28, 16]; axis 3 disagrees (8 vs 16)',
    },
  ]);
  const pooled = 'x = Input(shape=[28, 28, 1])\na = Conv2D(8, 3, padding=same)\nb = MaxPooling2D(2)(x)\n';
  check(model(`${pooled}c = Concatenate()⟦([a, b])⟧\nFlatten()\nDense(10, activation=softmax)`), [
    {
      code: 'concatenateShapeMismatch',
      message: 'Concatenate along axis -1 needs inputs equal on every other axis: got [null, 28, 28, 8], [null, 14, 14, 1]; axis 1 differs',
    },
  ]);
  check(model(`${pooled}c = Concatenate(axis=⟦1⟧)([a, b])\nFlatten()\nDense(10, activation=softmax)`), [
    {
      code: 'concatenateShapeMismatch',
      message: 'Concatenate along axis 1 needs inputs equal on every other axis: got [null, 28, 28, 8], [null, 14, 14, 1]; axis 2 differs',
    },
  ]);
  check(model(`x = Input(shape=[784])\na = Dense(8)\nb = Dense(8)(x)\nc = Concatenate(axis=⟦0⟧)([a, b])\nDense(10, activation=softmax)`), [
    { code: 'invalidAxis', message: 'Concatenate axis 0 of [null, 8]: the axis must be one of 1..1 (or -1..-1); 0 is the batch' },
  ]);
});
