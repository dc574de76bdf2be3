// The analyzer on valid models: names, shapes, parameters, formulas, the spec the engine gets.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { analyze } from '../../src/language/analyzer';
import { model } from './analyzer-helpers';

const examples = join(__dirname, '..', '..', 'examples');
const read = (name: string): string => readFileSync(join(examples, name), 'utf8');

describe('the article model (examples/mnist-mlp.dnn)', () => {
  const analysis = analyze(read('mnist-mlp.dnn'), { uri: 'file:///mlp.dnn', version: 7 });

  test('checks clean and has 55,050 parameters', () => {
    assert.deepEqual(analysis.diagnostics, []);
    assert.equal(analysis.totalParams, 55050);
    assert.equal(analysis.trainableParams, 55050);
    assert.equal(analysis.modelName, 'MnistMLP');
    assert.equal(analysis.uri, 'file:///mlp.dnn');
    assert.equal(analysis.version, 7);
  });

  test('every layer, Input included, with Keras names, shapes and parameters', () => {
    const rows = analysis.layers.map((l) => [l.type, l.name, l.line, l.inputShape, l.outputShape, l.params, l.trainableParams]);
    assert.deepEqual(rows, [
      ['Input', 'input_layer', 2, [null, 784], [null, 784], 0, 0],
      ['Dense', 'dense', 3, [null, 784], [null, 64], 50240, 50240],
      ['Dense', 'dense_1', 4, [null, 64], [null, 64], 4160, 4160],
      ['Dense', 'dense_2', 5, [null, 64], [null, 10], 650, 650],
    ]);
  });

  test('formulas in the article notation', () => {
    assert.deepEqual(
      analysis.layers.slice(1).map((l) => l.formula),
      ['h1 = relu(b0 + W0 h0), W0: 64x784', 'h2 = relu(b1 + W1 h1), W1: 64x64', 'h3 = softmax(b2 + W2 h2), W2: 10x64'],
    );
  });

  test('the spec carries the resolved config, compile and fit', () => {
    assert.deepEqual(analysis.spec, {
      name: 'MnistMLP',
      inputShape: [784],
      inputName: 'input_layer',
      layers: [
        { type: 'Dense', name: 'dense', config: { units: 64, activation: 'relu', use_bias: true }, inputs: ['input_layer'] },
        { type: 'Dense', name: 'dense_1', config: { units: 64, activation: 'relu', use_bias: true }, inputs: ['dense'] },
        { type: 'Dense', name: 'dense_2', config: { units: 10, activation: 'softmax', use_bias: true }, inputs: ['dense_1'] },
      ],
      outputName: 'dense_2',
      compile: {
        optimizer: { name: 'adam', args: { learning_rate: 0.001, beta_1: 0.9, beta_2: 0.999, epsilon: 1e-7 } },
        loss: 'categorical_crossentropy',
        metrics: ['accuracy'],
      },
      fit: { dataset: { kind: 'mnist' }, epochs: 10, batchSize: 128, validationSplit: 0.2, shuffle: true },
      outputShape: [null, 10],
      totalParams: 55050,
      trainableParams: 55050,
    });
  });
});

test('the CNN example checks clean with Keras shapes', () => {
  const analysis = analyze(read('mnist-cnn.dnn'));
  assert.deepEqual(analysis.diagnostics, []);
  assert.deepEqual(
    analysis.layers.map((l) => [l.name, l.outputShape, l.params]),
    [
      ['input_layer', [null, 28, 28, 1], 0],
      ['conv2d', [null, 26, 26, 32], 320],
      ['max_pooling2d', [null, 13, 13, 32], 0],
      ['conv2d_1', [null, 11, 11, 64], 18496],
      ['max_pooling2d_1', [null, 5, 5, 64], 0],
      ['flatten', [null, 1600], 0],
      ['dense', [null, 64], 102464],
      ['dense_1', [null, 10], 650],
    ],
  );
  assert.equal(analysis.totalParams, 121930);
  assert.equal(analysis.layers[1]?.formula, 'h1 = relu(b0 + conv(W0, h0)), W0: 3x3x1x32, strides 1x1, valid');
  assert.equal(analysis.layers[2]?.formula, 'h2 = maxpool(h1), window 2x2, strides 2x2, valid');
  assert.equal(analysis.layers[5]?.formula, 'h5 = flatten(h4): 5x5x64 -> 1600');
  assert.equal(analysis.layers[6]?.formula, 'h6 = relu(b2 + W2 h5), W2: 64x1600');
});

test('defaults: adam, categorical_crossentropy, [accuracy], mnist, 1 epoch of batches of 32', () => {
  const analysis = analyze(model('Input(shape=[784])\nDense(10, activation=softmax)'));
  assert.deepEqual(analysis.diagnostics, []);
  assert.deepEqual(analysis.spec?.compile, {
    optimizer: { name: 'adam', args: { learning_rate: 0.001, beta_1: 0.9, beta_2: 0.999, epsilon: 1e-7 } },
    loss: 'categorical_crossentropy',
    metrics: ['accuracy'],
  });
  assert.deepEqual(analysis.spec?.fit, { dataset: { kind: 'mnist' }, epochs: 1, batchSize: 32, validationSplit: 0, shuffle: true });
});

test('value forms: "same" is same, (3, 3) is [3, 3], 3 is (3, 3), 1e-3 is 0.001, positional in Keras order', () => {
  const forms = [
    'Conv2D(8, 3, padding=same, activation=relu)',
    'Conv2D(8, (3, 3), padding="same", activation="relu")',
    'Conv2D(filters=8, kernel_size=[3, 3], activation=relu, padding=same)',
    'Conv2D(8, 3, 1, same, activation=relu)',
  ];
  const configs = forms.map((layer) => {
    const analysis = analyze(model(`Input(shape=[28, 28, 1])\n${layer}\nFlatten()\nDense(10, activation=softmax)`));
    assert.deepEqual(analysis.diagnostics, [], layer);
    return analysis.layers[1]?.config;
  });
  for (const config of configs) assert.deepEqual(config, configs[0]);
  assert.deepEqual(configs[0], {
    filters: 8,
    kernel_size: [3, 3],
    strides: [1, 1],
    padding: 'same',
    data_format: 'channels_last',
    dilation_rate: [1, 1],
    activation: 'relu',
    use_bias: true,
  });
  const optimizer = analyze(model('Input(shape=[784])\nDense(10, activation=softmax)', 'compile {\n    optimizer = adam(learning_rate=1e-3)\n}\n'));
  assert.equal(optimizer.spec?.compile.optimizer.args.learning_rate, 0.001);
});

test('Keras auto names count per layer kind', () => {
  const analysis = analyze(
    model('Input(shape=[28, 28, 1])\nConv2D(4, 3)\nMaxPooling2D(2)\nConv2D(4, 3)\nMaxPooling2D(2)\nFlatten()\nDense(16)\nDropout(0.5)\nDense(10, activation=softmax)'),
  );
  assert.deepEqual(
    analysis.layers.map((l) => l.name),
    ['input_layer', 'conv2d', 'max_pooling2d', 'conv2d_1', 'max_pooling2d_1', 'flatten', 'dense', 'dropout', 'dense_1'],
  );
});

test('shape rules: same padding with strides, pooling strides, Dense on the last axis, Reshape with -1, global pooling', () => {
  const analysis = analyze(
    model(`Input(shape=[784])
      Reshape([28, -1, 1])
      Conv2D(6, 5, strides=2, padding=same)
      MaxPooling2D(3, strides=2)
      Dense(7)
      GlobalAveragePooling2D()
      Dense(10, activation=softmax)`),
  );
  assert.deepEqual(analysis.diagnostics, []);
  assert.deepEqual(
    analysis.layers.map((l) => l.outputShape),
    [[null, 784], [null, 28, 28, 1], [null, 14, 14, 6], [null, 6, 6, 6], [null, 6, 6, 7], [null, 7], [null, 10]],
  );
  // The -1 is resolved in the config the engine builds from (tfjs itself would leave it unknown).
  assert.deepEqual(analysis.layers[1]?.config.target_shape, [28, 28, 1]);
  assert.equal(analysis.layers[4]?.params, 6 * 7 + 7);
});

test('BatchNormalization counts its 4 vectors, 2 of them trainable', () => {
  const analysis = analyze(model('Input(shape=[784])\nDense(32)\nBatchNormalization()\nDense(10, activation=softmax)'));
  const norm = analysis.layers[2];
  assert.equal(norm?.params, 128);
  assert.equal(norm?.trainableParams, 64);
  assert.equal(analysis.totalParams, 784 * 32 + 32 + 128 + 330);
  assert.equal(analysis.trainableParams, analysis.totalParams - 64);
  assert.equal(norm?.formula, 'h2 = gamma1 * (h1 - mean1) / sqrt(var1 + 0.001) + beta1, per feature (32), batch statistics while training');
});

test('sgd with momentum is the momentum optimizer; an idx dataset and a seed reach the spec', () => {
  const analysis = analyze(
    model(
      'Input(shape=[28, 28, 1])\nFlatten()\nDense(10, activation=softmax)',
      `compile {
    optimizer = sgd(learning_rate=0.1, momentum=0.9)
    loss = sparse_categorical_crossentropy
}
fit {
    dataset = idx(train_images="fashion/train-images.gz", train_labels="fashion/train-labels.gz", test_images="t10k-images", test_labels="t10k-labels")
    seed = 42
    shuffle = false
}
`,
    ),
  );
  assert.deepEqual(analysis.diagnostics, []);
  assert.deepEqual(analysis.spec?.compile.optimizer, { name: 'momentum', args: { learning_rate: 0.1, momentum: 0.9, nesterov: false } });
  assert.equal(analysis.spec?.compile.loss, 'sparse_categorical_crossentropy');
  assert.deepEqual(analysis.spec?.fit, {
    dataset: {
      kind: 'idx',
      trainImages: 'fashion/train-images.gz',
      trainLabels: 'fashion/train-labels.gz',
      testImages: 't10k-images',
      testLabels: 't10k-labels',
    },
    epochs: 1,
    batchSize: 32,
    validationSplit: 0,
    shuffle: false,
    seed: 42,
  });
});

test('class_names reach the spec; a list that is not of distinct strings is an error on the bad item', () => {
  const fit = (names: string) => analyze(model('Input(shape=[784])\nDense(10, activation=softmax)', `fit {\n    class_names = ${names}\n}\n`));
  const fashion = '["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]';
  const named = fit(fashion);
  assert.deepEqual(named.diagnostics, []);
  assert.deepEqual(named.spec?.fit.classNames?.slice(0, 3), ['T-shirt/top', 'Trouser', 'Pullover']);
  assert.equal(fit('[]').spec, undefined);
  const notStrings = fit('[cat, "dog"]');
  assert.equal(notStrings.diagnostics.length, 1);
  assert.match(notStrings.diagnostics[0].message, /^'class_names' of fit takes a list of quoted strings like \["cat", "dog"\], got a list of 2/);
  const twice = fit('["a", "b", "a"]');
  assert.equal(twice.diagnostics.length, 1);
  assert.match(twice.diagnostics[0].message, /'class_names' names 'a' twice/);
  assert.equal(twice.diagnostics[0].range.start.character, 29);
  assert.equal(analyze(model('Input(shape=[784])\nDense(10, activation=softmax)')).spec?.fit.classNames, undefined);
});

test('aliases: mse and acc are accepted under their Keras names; tfjs activation names too', () => {
  const analysis = analyze(
    model('Input(shape=[784])\nDense(32, activation=hardSigmoid)\nDense(10, activation=softmax)', 'compile {\n    loss = mse\n    metrics = [acc]\n}\n'),
  );
  assert.deepEqual(analysis.layers[1]?.config.activation, 'hard_sigmoid');
  assert.equal(analysis.spec?.compile.loss, 'mean_squared_error');
  assert.deepEqual(analysis.spec?.compile.metrics, ['accuracy']);
});

test('no spec while there is an error; warnings alone keep it', () => {
  assert.equal(analyze(model('Input(shape=[784])\nDense(10, activation=rellu)')).spec, undefined);
  const warned = analyze(model('Input(shape=[784])\nDense(64, activation=softmax)\nDense(10, activation=softmax)'));
  assert.deepEqual(warned.diagnostics.map((d) => d.severity), ['warning']);
  assert.ok(warned.spec);
});

test('size limits come from the options', () => {
  const text = read('mnist-mlp.dnn');
  assert.deepEqual(analyze(text, { maxParams: 50000 }).diagnostics.map((d) => [d.code, d.severity]), [['DNN312', 'warning']]);
  assert.match(analyze(text, { maxParams: 50000 }).diagnostics[0]?.message ?? '', /55,050 parameters, above the limit of 50,000/);
  assert.deepEqual(analyze(text, { maxActivationBytes: 1024 }).diagnostics.map((d) => d.code), ['DNN313']);
});
