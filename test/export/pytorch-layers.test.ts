// The PyTorch export layer by layer, against tfjs itself: for every trap of moving a model
// between the two (HWIO vs OIHW kernels, Dense transposes, Flatten's channel order, TF's
// uneven `same` padding, BatchNormalization's momentum and epsilon, eval-mode Dropout,
// activations defined differently) a small model with random weights (no 0 or 1 left to
// hide a mistake) is exported, run by real PyTorch on random inputs, and compared with tfjs.
import * as tf from '@tensorflow/tfjs';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { initBackend } from '../../src/engine/backend';
import { buildModel } from '../../src/engine/build-model';
import { SeededRandom } from '../../src/engine/rng';
import { specFromText } from '../../src/engine/spec-file';
import { pytorchExporter } from '../../src/export/pytorch';
import { TORCH_ACTIVATIONS } from '../../src/export/pytorch/activations';
import { TORCH_LAYERS } from '../../src/export/pytorch/layers';
import { planModel } from '../../src/export/pytorch/plan';
import { activations } from '../../src/language/catalogue/activations';
import { layers } from '../../src/language/catalogue/layers';
import { tempDir } from '../engine/idx-files';
import { compareOutputs, type Agreement } from './reference';
import { exportModelOf, randomizeWeights, torchOutputs, writeInputs } from './torch-support';

interface Case {
  name: string;
  input: number[];
  layers: string[];
}

const CASES: Case[] = [
  { name: 'dense', input: [20], layers: ['Dense(16, activation=relu)', 'Dense(10, use_bias=false)'] },
  { name: 'conv-hwio-flatten', input: [9, 7, 3], layers: ['Conv2D(4, (3, 2), activation=relu)', 'Flatten()', 'Dense(10)'] },
  { name: 'same-stride2-even', input: [12, 12, 2], layers: ['Conv2D(4, 3, strides=2, padding=same)', 'Flatten()', 'Dense(10)'] },
  { name: 'same-stride2-odd', input: [11, 9, 2], layers: ['Conv2D(3, 3, strides=2, padding=same)', 'Conv2D(3, 4, strides=3, padding=same)', 'Flatten()', 'Dense(10)'] },
  { name: 'same-even-kernel', input: [8, 8, 1], layers: ['Conv2D(3, 2, padding=same)', 'Conv2D(3, 3, padding=same, dilation_rate=2)', 'Flatten()', 'Dense(10)'] },
  {
    name: 'pooling-same',
    input: [7, 9, 2],
    layers: ['MaxPooling2D(2, padding=same)', 'AveragePooling2D(3, strides=2, padding=same)', 'Conv2D(2, 1)', 'MaxPooling2D(2, strides=1)', 'Flatten()', 'Dense(10)'],
  },
  { name: 'global-pooling', input: [6, 5, 3], layers: ['Conv2D(4, 3)', 'GlobalAveragePooling2D()', 'Dense(10)'] },
  { name: 'global-max-pooling', input: [6, 5, 3], layers: ['GlobalMaxPooling2D()', 'Dense(10)'] },
  {
    name: 'batchnorm-dropout',
    input: [10, 10, 2],
    layers: ['Conv2D(4, 3, strides=2, padding=same)', 'BatchNormalization(momentum=0.9, epsilon=0.01)', 'Dropout(0.5)', 'Flatten()', 'BatchNormalization()', 'Dense(10)'],
  },
  {
    name: 'depthwise-separable',
    input: [9, 9, 3],
    layers: ['DepthwiseConv2D(3, depth_multiplier=2, strides=2, padding=same)', 'SeparableConv2D(5, 3, depth_multiplier=2, padding=same)', 'Flatten()', 'Dense(10)'],
  },
  {
    name: 'conv-transpose',
    input: [5, 4, 2],
    layers: ['Conv2DTranspose(3, 3, strides=2, padding=same)', 'Conv2DTranspose(2, 2, strides=3)', 'Conv2DTranspose(2, 4, strides=2, padding=same)', 'Flatten()', 'Dense(10)'],
  },
  {
    name: 'one-dimensional',
    input: [20, 3],
    layers: ['Conv1D(4, 3, strides=2, padding=same)', 'MaxPooling1D(2)', 'AveragePooling1D(2, padding=same)', 'SpatialDropout1D(0.3)', 'Conv1D(4, 2)', 'GlobalAveragePooling1D()', 'Dense(10)'],
  },
  { name: 'global-max-1d', input: [8, 3], layers: ['GlobalMaxPooling1D()', 'Dense(10)'] },
  {
    name: 'reshaping',
    input: [72],
    layers: ['Reshape([4, 6, 3])', 'Permute([2, 1, 3])', 'ZeroPadding2D((1, 2))', 'Cropping2D((2, 1))', 'UpSampling2D(2)', 'Conv2D(2, 3)', 'Flatten()', 'Dense(10)'],
  },
  {
    name: 'activation-layers',
    input: [6, 6, 3],
    layers: ['Conv2D(4, 1)', 'Softmax()', 'Conv2D(4, 1)', 'ReLU(max_value=0.2)', 'Conv2D(4, 1)', 'LeakyReLU(alpha=0.2)', 'ELU()', 'LayerNormalization()', 'Flatten()', 'Dense(10)'],
  },
  { name: 'noise-at-inference', input: [12], layers: ['GaussianNoise(0.5)', 'Dense(8, activation=selu)', 'AlphaDropout(0.2)', 'GaussianDropout(0.3)', 'Dense(10)'] },
  { name: 'repeat-vector', input: [10], layers: ['RepeatVector(3)', 'Flatten()', 'Dense(10)'] },
  {
    name: 'recurrent',
    input: [7, 5],
    layers: ['SimpleRNN(6, return_sequences=true)', 'LSTM(6, return_sequences=true)', 'GRU(6, return_sequences=true)', 'GRU(5, activation=relu, recurrent_activation=hard_sigmoid)', 'Dense(10)'],
  },
  ...activations.map((activation) => ({ name: `activation-${activation.name}`, input: [16], layers: [`Dense(16, activation=${activation.name})`, 'Dense(10)'] })),
];

function dnnText(testCase: Case): string {
  const name = testCase.name.replace(/[^A-Za-z0-9]/g, '_');
  return [
    `model M_${name} {`,
    `    Input(shape=[${testCase.input.join(', ')}])`,
    ...testCase.layers.map((line) => `    ${line}`),
    '}',
    'compile {',
    '    optimizer = adam',
    '    loss = mean_squared_error',
    '}',
    'fit {',
    // Not MNIST: these models take inputs of any shape (the files are never read here).
    '    dataset = idx(train_images="a", train_labels="b", test_images="c", test_labels="d")',
    '}',
  ].join('\n');
}

const agreements = new Map<string, Agreement>();
const folders = new Map<string, string>();

describe('PyTorch export against tfjs, layer by layer (real PyTorch)', { timeout: 600_000 }, () => {
  before(async () => {
    await initBackend('cpu');
    const root = tempDir('dnn-torch-layers-');
    const expected = new Map<string, { outputs: Float32Array; classes: number }>();
    for (const [index, testCase] of CASES.entries()) {
      const spec = specFromText(dnnText(testCase), `/tmp/${testCase.name}.dnn`);
      const built = buildModel(spec, new SeededRandom(index + 1));
      try {
        randomizeWeights(built.model, 100 * index);
        const folder = join(root, testCase.name);
        mkdirSync(folder);
        await pytorchExporter.write(exportModelOf(spec, built.model), folder);
        const count = 64;
        const inputs = tf.tidy(() => tf.randomUniform([count, ...spec.inputShape], 0, 1, 'float32', index).dataSync() as Float32Array);
        writeInputs(folder, inputs);
        const outputs = tf.tidy(() => (built.model.predict(tf.tensor(inputs, [count, ...spec.inputShape])) as tf.Tensor).dataSync() as Float32Array);
        expected.set(testCase.name, { outputs, classes: 10 });
        folders.set(testCase.name, folder);
      } finally {
        built.model.dispose();
      }
    }
    const names = [...folders.keys()];
    const outputs = torchOutputs(names.map((name) => folders.get(name) as string));
    names.forEach((name, i) => {
      const { outputs: want, classes } = expected.get(name) as { outputs: Float32Array; classes: number };
      agreements.set(name, compareOutputs(want, outputs[i], classes));
    });
  });

  for (const testCase of CASES) {
    it(`${testCase.name}: ${testCase.layers.join(' -> ')}`, () => {
      const agreement = agreements.get(testCase.name);
      assert.ok(agreement, 'no result');
      assert.ok(agreement.maxAbsDiff < 1e-4, `max |tfjs - PyTorch| = ${agreement.maxAbsDiff}`);
      assert.equal(agreement.mismatchedClasses, 0);
    });
  }

  it('writes BatchNormalization with PyTorch momentum 1 - keras momentum and the Keras epsilon', () => {
    const text = readFileSync(join(folders.get('batchnorm-dropout') as string, 'model.py'), 'utf8');
    assert.match(text, /self\.batch_normalization = nn\.BatchNorm2d\(4, eps=0\.01, momentum=0\.1\)/);
    assert.match(text, /self\.batch_normalization_1 = nn\.BatchNorm1d\(100, eps=0\.001, momentum=0\.01\)/);
  });

  it('pads TF same with stride 2 explicitly, more at the bottom and right', () => {
    const text = readFileSync(join(folders.get('same-stride2-even') as string, 'model.py'), 'utf8');
    assert.match(text, /conv2d = self\.conv2d\(F\.pad\(channels_first\(input_layer\), \(0, 1, 0, 1\)\)\)/);
  });

  it('moves the channels back last before Flatten, so the Dense after it sees Keras order', () => {
    const text = readFileSync(join(folders.get('conv-hwio-flatten') as string, 'model.py'), 'utf8');
    assert.match(text, /flatten = torch\.flatten\(channels_last\(conv2d\), 1\)/);
  });
});

describe('PyTorch export coverage', () => {
  it('has an entry for every catalogue layer', () => {
    const missing = layers.map((entry) => entry.type).filter((type) => !Object.hasOwn(TORCH_LAYERS, type));
    assert.deepEqual(missing, []);
  });

  it('has a PyTorch formula for every catalogue activation', () => {
    const missing = activations.map((entry) => entry.name).filter((name) => !Object.hasOwn(TORCH_ACTIVATIONS, name));
    assert.deepEqual(missing, []);
  });

  it('refuses what it cannot express, naming the layer', () => {
    const spec = specFromText(dnnText({ name: 'bilinear', input: [4, 4, 1], layers: ['UpSampling2D(2, interpolation=bilinear)', 'Flatten()', 'Dense(10)'] }), '/tmp/b.dnn');
    assert.throws(() => planModel(spec), /layer up_sampling2d: UpSampling2D with interpolation=bilinear has no PyTorch export/);
    const unknown = { ...spec, layers: [{ ...spec.layers[0], type: 'Lambda', name: 'custom' }, ...spec.layers.slice(1)] };
    assert.throws(() => planModel(unknown), /layer custom \(Lambda\) has no PyTorch export/);
  });
});
