// Every semantic check: its code, severity, message and the exact range of the offending
// token, marked in the test text with ⟦ ⟧.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyze } from '../../src/language/analyzer';
import { codes } from '../../src/language/codes';
import { marked, model } from './analyzer-helpers';

const fit = (settings: string): string => `fit {\n${settings}\n}\n`;
const compile = (settings: string): string => `compile {\n${settings}\n}\n`;
const mlp = (last = 'Dense(10, activation=softmax)'): string => `Input(shape=[784])\nDense(64, activation=relu)\n${last}`;

/** The text has exactly one diagnostic of `code`'s family... here: exactly the given codes, each at its marked range. */
function check(textWithMarks: string, expected: { code: keyof typeof codes; message?: RegExp }[]): void {
  const { text, ranges } = marked(textWithMarks);
  const analysis = analyze(text);
  const actual = analysis.diagnostics.map((d) => ({ code: d.code, severity: d.severity, range: d.range, message: d.message }));
  assert.equal(actual.length, expected.length, `diagnostics: ${JSON.stringify(actual, null, 1)}`);
  expected.forEach((want, i) => {
    const got = actual[i];
    const info = codes[want.code];
    assert.equal(got?.code, info.code, `diagnostic ${i}: ${got?.message}`);
    assert.equal(got?.severity, info.severity);
    assert.deepEqual(got?.range, ranges[i], `range of ${info.code} (${got?.message})`);
    if (want.message) assert.match(got?.message ?? '', want.message);
  });
}

test('unknown layer type, argument, activation, value: did-you-mean in the message', () => {
  check(model('Input(shape=[28, 28, 1])\n⟦Conv2d⟧(8, 3)\nFlatten()\nDense(10, activation=softmax)'), [
    { code: 'unknownLayer', message: /unknown layer type 'Conv2d'; did you mean 'Conv2D'\?/ },
  ]);
  check(model(mlp('Dense(10, activation=softmax, ⟦unit⟧=3)')), [{ code: 'unknownArgument', message: /Dense has no argument 'unit'; did you mean 'units'\?/ }]);
  check(model(mlp('Dense(10, activation=softmax, ⟦zzz⟧=3)')), [
    { code: 'unknownArgument', message: /Dense has no argument 'zzz' \(Dense takes units, activation, use_bias\)/ },
  ]);
  check(model(mlp('Dense(10, activation=⟦"sofmax"⟧)')), [{ code: 'unknownActivation', message: /did you mean 'softmax'/ }]);
  check(model('Input(shape=[28, 28, 1])\nConv2D(8, 3, padding=⟦full⟧)\nFlatten()\nDense(10, activation=softmax)'), [
    { code: 'unknownValue', message: /'padding' of Conv2D is one of valid, same; got full/ },
  ]);
});

test('unknown optimizer, loss, metric, setting, dataset', () => {
  check(model(mlp(), compile('    optimizer = ⟦rmsprp⟧(learning_rate=0.01)')), [{ code: 'unknownOptimizer', message: /did you mean 'rmsprop'/ }]);
  check(model(mlp(), compile('    optimizer = adam(⟦lr⟧=0.01)')), [{ code: 'unknownArgument', message: /adam has no argument 'lr'/ }]);
  check(model(mlp(), compile('    loss = ⟦"crossentropy"⟧')), [{ code: 'unknownLoss' }]);
  check(model(mlp(), compile('    metrics = [accuracy, ⟦precision⟧]')), [{ code: 'unknownMetric' }]);
  check(model(mlp(), compile('    ⟦optimiser⟧ = adam')), [{ code: 'unknownSetting', message: /did you mean 'optimizer'/ }]);
  check(model(mlp(), compile('    ⟦batch_size⟧ = 8')), [{ code: 'unknownSetting', message: /'batch_size' belongs in fit/ }]);
  check(model(mlp(), fit('    dataset = ⟦cifar10⟧')), [{ code: 'unknownDataset' }]);
});

test('missing, duplicate, too many and misplaced arguments', () => {
  check(model(mlp('⟦Dense⟧(activation=softmax)')), [{ code: 'missingArgument', message: /Dense needs 'units'/ }]);
  check(model(mlp('Dense(10, activation=softmax, ⟦units⟧=10)')), [{ code: 'duplicateArgument' }]);
  check(model(mlp('Dense(10, softmax, true, ⟦3⟧)')), [{ code: 'tooManyPositional', message: /at most 3 positional arguments/ }]);
  check(model('Input(shape=[28, 28, 1])\nConv2D(8, 3, ⟦relu⟧)\nFlatten()\nDense(10, activation=softmax)'), [
    { code: 'wrongType', message: /'strides' of Conv2D takes .*got relu; an activation is written activation=relu/ },
  ]);
  check(model(mlp(), fit('    dataset = ⟦idx⟧')), [{ code: 'missingArgument', message: /idx needs its files/ }]);
  check(model(mlp(), fit('    dataset = ⟦idx⟧(train_images="a", train_labels="b", test_images="c")')), [
    { code: 'missingArgument', message: /idx needs 'test_labels'/ },
  ]);
  check(model(mlp(), fit('    epochs = 2\n    ⟦epochs⟧ = 3')), [{ code: 'duplicateSetting' }]);
});

test('wrong types and values out of range', () => {
  check(model(mlp('Dense(⟦64.5⟧, activation=softmax)')), [{ code: 'notAnInteger', message: /'units' must be a whole number, got 64.5/ }]);
  check(model(mlp('Dense(⟦0⟧, activation=softmax)')), [{ code: 'outOfRange', message: /'units' must be at least 1, got 0/ }]);
  check(model(mlp('Dense(⟦"ten"⟧, activation=softmax)')), [{ code: 'wrongType', message: /'units' of Dense takes a whole number, got "ten"/ }]);
  check(model(mlp('Dense(10, activation=softmax, use_bias=⟦True⟧)')), [{ code: 'wrongType' }]);
  check(model(`${mlp('Dropout(⟦1⟧)')}\nDense(10, activation=softmax)`), [{ code: 'outOfRange', message: /'rate' must be in \[0, 1\), got 1/ }]);
  check(model('Input(shape=[28, 28, 1])\nConv2D(8, 3, strides=⟦0⟧)\nFlatten()\nDense(10, activation=softmax)'), [
    { code: 'outOfRange', message: /'strides' must be at least 1/ },
  ]);
  check(model('Input(shape=[28, 28, 1])\nConv2D(8, ⟦(3, 3, 3)⟧)\nFlatten()\nDense(10, activation=softmax)'), [
    { code: 'wrongType', message: /takes a whole number or 2 of them/ },
  ]);
});

test('shapes: non-positive dimensions, -1 twice, impossible Reshape', () => {
  check(model('Input(shape=[28, ⟦0⟧, 1])\nFlatten()\nDense(10, activation=softmax)'), [{ code: 'nonPositiveDimension' }]);
  check(model('Input(shape=[784])\nReshape([-1, ⟦-1⟧])\nFlatten()\nDense(10, activation=softmax)'), [{ code: 'multipleUnknownDims' }]);
  check(model('Input(shape=[784])\nReshape(⟦[28, 27]⟧)\nFlatten()\nDense(10, activation=softmax)'), [
    { code: 'impossibleReshape', message: /Reshape to \[28, 27\] needs 756 values per sample; its input \[null, 784\] has 784/ },
  ]);
  check(model('Input(shape=[784])\nReshape(⟦[5, -1]⟧)\nDense(10, activation=softmax)'), [
    { code: 'impossibleReshape', message: /needs a multiple of 5 values/ },
  ]);
});

test('shapes: a window larger than its input under valid padding, convolution on the wrong rank, bad axes', () => {
  check(model('Input(shape=[28, 28, 1])\nConv2D(8, ⟦30⟧)\nFlatten()\nDense(10, activation=softmax)'), [
    { code: 'windowTooLarge', message: /kernel_size 30x30 is larger than its input 28x28 with padding=valid/ },
  ]);
  check(model('Input(shape=[28, 28, 1])\nMaxPooling2D(4)\nMaxPooling2D(pool_size=⟦(8, 2)⟧)\nFlatten()\nDense(10, activation=softmax)'), [
    { code: 'windowTooLarge', message: /pool_size 8x2 is larger than its input 7x7/ },
  ]);
  check(model('Input(shape=[28, 28, 1])\nConv2D(8, 3, dilation_rate=⟦2⟧, strides=2)\nFlatten()\nDense(10, activation=softmax)'), [
    { code: 'incompatibleArguments' },
  ]);
  check(model('Input(shape=[784])\n⟦Conv2D⟧(8, 3)\nFlatten()\nDense(10, activation=softmax)'), [
    { code: 'wrongInputRank', message: /Conv2D expects an input of rank 4 \(\[batch, height, width, channels\]\); got \[null, 784\] \(rank 2\)/ },
  ]);
  check(model('Input(shape=[784])\n⟦Flatten⟧()\nDense(10, activation=softmax)'), [{ code: 'wrongInputRank', message: /already flat/ }]);
  check(model('Input(shape=[784])\nBatchNormalization(axis=⟦2⟧)\nDense(10, activation=softmax)'), [{ code: 'invalidAxis' }]);
  check(model('Input(shape=[28, 28])\nPermute(⟦[1, 3]⟧)\nFlatten()\nDense(10, activation=softmax)'), [{ code: 'invalidAxis' }]);
});

test('Input: missing, not first, twice; an empty model', () => {
  check(model('Dense(64, activation=relu)\nDense(10, activation=softmax)').replace('M {', '⟦M⟧ {'), [
    { code: 'missingInput', message: /must start with Input\(shape=...\)/ },
  ]);
  check(model('Dense(64, activation=relu)\n⟦Input⟧(shape=[784])\nDense(10, activation=softmax)'), [{ code: 'inputNotFirst' }]);
  check(model('Input(shape=[784])\n⟦Input⟧(shape=[784])\nDense(10, activation=softmax)'), [{ code: 'duplicateInput' }]);
  check('model ⟦Empty⟧ {\n}\n', [{ code: 'emptyModel' }]);
});

test('MNIST: the output must be [null, 10] and the Input must hold 784 pixels', () => {
  check(model(mlp('⟦Dense⟧(12, activation=softmax)')), [{ code: 'outputNotClasses', message: /the model outputs \[null, 12\], but MNIST has 10 classes/ }]);
  check(model('Input(shape=[28, 28, 1])\nConv2D(8, 3)\n⟦Dense⟧(10, activation=softmax)'), [
    { code: 'outputNotClasses', message: /outputs \[null, 26, 26, 10\]/ },
  ]);
  check(model('Input(shape=⟦[32, 32, 3]⟧)\nFlatten()\nDense(10, activation=softmax)'), [
    { code: 'inputSizeMismatch', message: /MNIST images are 28x28 = 784 pixels, but Input shape \[32, 32, 3\] holds 3,072 values/ },
  ]);
  // Another IDX dataset may have other sizes and classes: no MNIST checks.
  const idx = fit('    dataset = idx(train_images="a", train_labels="b", test_images="c", test_labels="d")');
  check(model('Input(shape=[32, 32, 3])\nFlatten()\nDense(43, activation=softmax)', idx), []);
});

test('softmax in a hidden layer is a warning at the activation', () => {
  check(model('Input(shape=[784])\nDense(64, activation=⟦softmax⟧)\nDense(10, activation=softmax)'), [{ code: 'softmaxHidden' }]);
  check(model('Input(shape=[784])\nDense(64)\n⟦Softmax⟧()\nDense(10, activation=softmax)'), [{ code: 'softmaxHidden' }]);
  // The output activation may sit before a Dropout or Flatten.
  check(model('Input(shape=[784])\nDense(10, activation=softmax)\nDropout(0.1)'), []);
});

test('the loss must fit the output activation', () => {
  check(model(mlp('Dense(10, activation=relu)'), compile('    loss = ⟦categorical_crossentropy⟧')), [
    { code: 'lossActivationMismatch', message: /categorical_crossentropy expects class probabilities from a softmax output, but the output activation is relu/ },
  ]);
  // Without a written loss the default is checked, at the output activation.
  check(model(mlp('Dense(10, activation=⟦sigmoid⟧)')), [{ code: 'lossActivationMismatch' }]);
  check(model(mlp('⟦Dense⟧(10)')), [{ code: 'lossActivationMismatch', message: /the output activation is linear/ }]);
  check(model(mlp('Dense(10, activation=tanh)'), compile('    loss = ⟦binary_crossentropy⟧')), [{ code: 'lossActivationMismatch', message: /values in \[0, 1\]/ }]);
  check(model(mlp(), compile('    loss = ⟦binary_crossentropy⟧')), [{ code: 'lossUnsuited', message: /independent yes\/no/ }]);
  check(model(mlp(), compile('    loss = ⟦mse⟧')), [{ code: 'lossUnsuited', message: /mean_squared_error is a regression loss/ }]);
  check(model(mlp(), compile('    loss = sparse_categorical_crossentropy')), []);
});

test('training settings out of range', () => {
  check(model(mlp(), fit('    validation_split = ⟦1.0⟧')), [{ code: 'settingOutOfRange', message: /'validation_split' must be in \[0, 1\), got 1.0/ }]);
  check(model(mlp(), fit('    validation_split = ⟦-0.1⟧')), [{ code: 'settingOutOfRange' }]);
  check(model(mlp(), fit('    epochs = ⟦0⟧')), [{ code: 'settingOutOfRange', message: /'epochs' must be at least 1/ }]);
  check(model(mlp(), fit('    batch_size = ⟦0⟧')), [{ code: 'settingOutOfRange' }]);
  check(model(mlp(), fit('    epochs = ⟦2.5⟧')), [{ code: 'notAnInteger' }]);
  check(model(mlp(), compile('    optimizer = adam(learning_rate=⟦-1⟧)')), [{ code: 'settingOutOfRange', message: /greater than 0/ }]);
  check(model(mlp(), fit('    batch_size = ⟦50000⟧\n    validation_split = 0.2')), [{ code: 'batchLargerThanData', message: /48,000 training samples/ }]);
});

test('absurd sizes: a warning with the figure, on the model name', () => {
  check(model('Input(shape=[784])\nDense(100000)\nDense(1000)\nDense(10, activation=softmax)').replace('M {', '⟦M⟧ {'), [
    { code: 'tooManyParams', message: /the model has 178,511,010 parameters, above the limit of 50,000,000/ },
  ]);
  check(model('Input(shape=[28, 28, 1])\nConv2D(1024, 3, padding=same)\nGlobalMaxPooling2D()\nDense(10, activation=softmax)', fit('    batch_size = 1024')).replace('M {', '⟦M⟧ {'), [
    // Issue 10: with its gradients that batch passes what the wasm heap can hold: one warning, the one dnn train refuses with.
    { code: 'tooMuchTrainingMemory', message: /^training needs about 6\.1 GiB \(.*\), more than the 4\.0 GiB the wasm backend can grow its memory to: use a batch_size of 667 or less; .*dnn train refuses it on the wasm backend$/ },
  ]);
});

test('a lower activation limit (dnn.limits.maxActivationBytes) still warns below the wasm heap', () => {
  const text = model('Input(shape=[28, 28, 1])\nConv2D(64, 3, padding=same)\nGlobalMaxPooling2D()\nDense(10, activation=softmax)', fit('    batch_size = 1024'));
  const analysis = analyze(text, { maxActivationBytes: 64 * 1024 ** 2 });
  assert.deepEqual(
    analysis.diagnostics.map((d) => [d.code, d.message]),
    [[codes.tooMuchActivationMemory.code, 'one batch of 1,024 needs about 199.4 MiB for its activations (float32), above the limit of 64.0 MiB (dnn.limits.maxActivationBytes); use a smaller batch_size or smaller layers']],
  );
});

test('another dataset: the output must still be a vector of class scores', () => {
  const idx = fit('    dataset = idx(train_images="a", train_labels="b", test_images="c", test_labels="d")');
  check(model('Input(shape=[28, 28, 1])\nConv2D(8, 3)\n⟦Dense⟧(10, activation=softmax)', idx), [
    { code: 'outputNotClasses', message: /a classifier outputs a vector of class scores/ },
  ]);
});
