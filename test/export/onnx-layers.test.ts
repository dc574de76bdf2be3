// Every catalogue layer the ONNX export writes, one small model each with random weights,
// run by ONNX Runtime and compared with the same model in tfjs (the engine's builder): the
// kernel layouts, TF's `same` padding with strides, Flatten's order, eval-mode normalisation
// and every activation as tfjs defines it. Each file also passes onnx.checker.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../src/engine/backend';
import { EngineError } from '../../src/engine/errors';
import { specFromText } from '../../src/engine/spec-file';
import { activations, layers } from '../../src/language/catalogue';
import { untrainedExportModel } from '../../src/export/load';
import { ONNX_ACTIVATIONS } from '../../src/export/onnx/activations';
import { onnxExporter } from '../../src/export/onnx';
import { ONNX_LAYERS } from '../../src/export/onnx/layers';
import { buildExportedModel } from '../../src/export/tfjs';
import type { ExportModel, WeightTensor } from '../../src/export/types';
import { SeededRandom } from '../../src/engine/rng';
import { tempDir } from '../engine/idx-files';
import { checkOnnx, runOnnx } from './onnx-support';

const SAMPLES = 3;

function modelText(inputShape: number[], lines: string[]): string {
  return [
    'model LayerCase {',
    `    x = Input(shape=[${inputShape.join(', ')}])`,
    ...lines.map((line) => `    ${line}`),
    '}',
    'compile {',
    '    optimizer = adam',
    '    loss = mse',
    '}',
    'fit {',
    '    dataset = idx(train_images="a", train_labels="b", test_images="c", test_labels="d")',
    '    epochs = 1',
    '    batch_size = 8',
    '}',
    '',
  ].join('\n');
}

/** Random weights instead of Keras's initial ones (zero biases, unit BatchNormalization would hide mistakes). */
function randomised(exported: ExportModel, random: SeededRandom): ExportModel {
  const weights = new Map<string, WeightTensor[]>();
  for (const [layer, list] of exported.weights) {
    weights.set(
      layer,
      list.map((weight) => ({
        ...weight,
        data: Float32Array.from(weight.data, () => (weight.name === 'moving_variance' ? 0.5 + random.next() : random.next() * 2 - 1)),
      })),
    );
  }
  return { ...exported, weights };
}

async function compare(inputShape: number[], lines: string[], tolerance = 1e-4): Promise<void> {
  const spec = specFromText(modelText(inputShape, lines), 'case.dnn');
  const random = new SeededRandom(7);
  const exported = randomised(await untrainedExportModel(spec), random);
  const sampleSize = inputShape.reduce((a, b) => a * b, 1);
  const inputs = Float32Array.from({ length: SAMPLES * sampleSize }, () => random.next() * 2 - 1);

  await initBackend('cpu');
  const model = buildExportedModel(exported);
  const expected = tf.tidy(() => (model.predict(tf.tensor(inputs, [SAMPLES, ...inputShape])) as tf.Tensor).dataSync() as Float32Array);
  model.dispose();

  const file = join(tempDir('dnn-onnx-layer-'), 'case.onnx');
  await onnxExporter.write(exported, file);
  checkOnnx(file);
  const actual = await runOnnx(file, inputs, SAMPLES, inputShape);
  assert.equal(actual.length, expected.length, `${lines.join('; ')}: output size`);
  let worst = 0;
  for (let i = 0; i < expected.length; i++) worst = Math.max(worst, Math.abs(actual[i] - expected[i]) / Math.max(1, Math.abs(expected[i])));
  assert.ok(worst < tolerance, `${lines.join('; ')}: ONNX Runtime differs from tfjs by ${worst}`);
}

const image = [7, 7, 3];

const cases: [string, number[], string[]][] = [
  ['Dense on a vector and on the last axis of a sequence', [5, 4], ['Dense(6, activation=relu)', 'Flatten()', 'Dense(3)']],
  ['Conv2D valid, stride 1', image, ['Conv2D(4, 3)', 'Flatten()']],
  ['Conv2D same, stride 2 on an odd size (more padding bottom/right)', image, ['Conv2D(4, 3, strides=2, padding=same, activation=relu)', 'Flatten()']],
  ['Conv2D same with an even kernel and a dilation', image, ['Conv2D(2, 2, padding=same)', 'Conv2D(3, 3, padding=same, dilation_rate=2)', 'Flatten()']],
  ['Conv2D without bias, then Dense after Flatten (Keras order H, W, C)', image, ['Conv2D(5, 3, use_bias=false)', 'Flatten()', 'Dense(4)']],
  ['Conv1D same with stride 2, valid with dilation', [9, 3], ['Conv1D(4, 3, strides=2, padding=same)', 'Conv1D(2, 2, dilation_rate=2)', 'Flatten()']],
  ['Conv2DTranspose same, stride 2', [4, 4, 3], ['Conv2DTranspose(2, 3, strides=2, padding=same)', 'Flatten()']],
  ['Conv2DTranspose valid, a window smaller than the stride', [3, 3, 2], ['Conv2DTranspose(2, 1, strides=2)', 'Flatten()']],
  ['Conv2DTranspose valid, stride 1', [3, 3, 2], ['Conv2DTranspose(3, 2)', 'Flatten()']],
  ['DepthwiseConv2D with a depth multiplier, same, stride 2', image, ['DepthwiseConv2D(3, strides=2, padding=same, depth_multiplier=2)', 'Flatten()']],
  ['SeparableConv2D', image, ['SeparableConv2D(4, 3, padding=same, depth_multiplier=2, activation=tanh)', 'Flatten()']],
  ['MaxPooling2D same, stride 2, odd size', image, ['MaxPooling2D(2, padding=same)', 'Flatten()']],
  ['AveragePooling2D same leaves the padding out of the mean', image, ['AveragePooling2D(3, strides=2, padding=same)', 'Flatten()']],
  ['MaxPooling2D and AveragePooling2D valid', [8, 8, 2], ['MaxPooling2D(2)', 'AveragePooling2D(2)', 'Flatten()']],
  ['1D pooling', [9, 3], ['MaxPooling1D(2, padding=same)', 'AveragePooling1D(2)', 'Flatten()']],
  ['GlobalAveragePooling2D after a convolution', image, ['Conv2D(4, 3)', 'GlobalAveragePooling2D()']],
  ['GlobalMaxPooling2D on the input', image, ['GlobalMaxPooling2D()']],
  ['Global 1D pooling', [6, 3], ['Conv1D(4, 2)', 'GlobalAveragePooling1D()']],
  ['GlobalMaxPooling1D', [6, 3], ['GlobalMaxPooling1D()']],
  ['BatchNormalization after a convolution and after a Dense (moving statistics, epsilon 1e-3)', image, ['Conv2D(4, 3)', 'BatchNormalization()', 'Flatten()', 'Dense(5)', 'BatchNormalization(epsilon=0.01)']],
  ['BatchNormalization without centre or scale', [6], ['BatchNormalization(center=false, scale=false)']],
  ['LayerNormalization', [4, 5], ['LayerNormalization()', 'Flatten()']],
  ['Dropout and noise layers pass through', [4, 6], ['Dropout(0.5)', 'SpatialDropout1D(0.3)', 'GaussianNoise(1.0)', 'GaussianDropout(0.4)', 'AlphaDropout(0.2)', 'Flatten()']],
  ['Reshape and Permute', [12], ['Reshape([3, 4])', 'Permute([2, 1])', 'Flatten()']],
  ['Reshape to an image, then a convolution', [48], ['Reshape([4, 4, 3])', 'Conv2D(2, 2)', 'Flatten()']],
  ['RepeatVector', [4], ['RepeatVector(3)', 'Flatten()']],
  ['UpSampling2D nearest', [3, 3, 2], ['UpSampling2D(2)', 'Flatten()']],
  ['UpSampling2D bilinear', [3, 3, 2], ['UpSampling2D(size=(2, 3), interpolation=bilinear)', 'Flatten()']],
  ['ZeroPadding2D and Cropping2D', [5, 5, 2], ['ZeroPadding2D((1, 2))', 'Conv2D(2, 3)', 'Cropping2D((1, 2))', 'Flatten()']],
  ['ReLU with a maximum, LeakyReLU, ELU', [8], ['Dense(8)', 'ReLU(max_value=0.5)', 'Dense(8)', 'LeakyReLU(alpha=0.2)', 'Dense(8)', 'ELU()']],
  ['Softmax on the channels of an image, Activation on NCHW', [3, 3, 4], ['Conv2D(3, 2)', 'Softmax()', 'Activation(selu)', 'Flatten()']],
  ['a residual Add of two convolutions (NCHW on both sides)', image, ['a = Conv2D(3, 3, padding=same)', 'b = Conv2D(3, 3, padding=same)(a)', 'Add()([a, b])', 'Flatten()']],
  ['Subtract, Multiply, Maximum, Minimum, Average of branches', [6], ['a = Dense(4)', 'b = Dense(4)(a)', 's = Subtract()([a, b])', 'm = Multiply()([s, b])', 'mx = Maximum()([m, a])', 'n = Minimum()([mx, b, s])', 'Average()([n, a, m])']],
  ['Concatenate on the channels of an NCHW and an NHWC tensor, and on another axis', image, ['a = Conv2D(2, 3, padding=same)', 'c = Concatenate()([a, x])', 'd = Concatenate(axis=1)([c, c])', 'Flatten()']],
  ['SimpleRNN', [5, 3], ['SimpleRNN(4)']],
  ['LSTM returning sequences', [5, 3], ['LSTM(4, return_sequences=true)', 'Flatten()']],
  ['LSTM', [5, 3], ['LSTM(3)']],
  ['GRU', [5, 3], ['GRU(4, return_sequences=true)', 'GRU(2)']],
];

describe('ONNX export, layer by layer against tfjs', { timeout: 600_000 }, () => {
  for (const [title, inputShape, lines] of cases) {
    it(title, { timeout: 60_000 }, () => compare(inputShape, lines));
  }

  it('every activation matches tfjs (selu, elu, hard_sigmoid, gelu, swish, ...)', { timeout: 120_000 }, async () => {
    for (const { name } of activations) {
      // Wide inputs: both sides of 0 and the saturated ends.
      await compare([6], [`Dense(6, activation=${name})`, 'Dense(4)', `Activation(${name})`]);
    }
  });

  it('has an entry for every catalogue layer and activation', () => {
    for (const { type } of layers) assert.ok(Object.hasOwn(ONNX_LAYERS, type), type);
    for (const { name } of activations) assert.ok(Object.hasOwn(ONNX_ACTIVATIONS, name), name);
  });

  it('refuses what it cannot express, naming the layer', { timeout: 60_000 }, async () => {
    const spec = specFromText(modelText([5, 3], ['SimpleRNN(4, activation=selu)']), 'case.dnn');
    const exported = await untrainedExportModel(spec);
    await assert.rejects(onnxExporter.write(exported, join(tempDir('dnn-onnx-layer-'), 'refused.onnx')), (error: unknown) => {
      assert.ok(error instanceof EngineError);
      assert.equal(error.message, "layer simple_rnn (SimpleRNN) cannot be exported to ONNX: activation 'selu' inside a recurrent layer has no ONNX export (tanh, sigmoid, relu, softsign and softplus do)");
      return true;
    });
  });
});
