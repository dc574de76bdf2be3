// The model builder with a seeded generator, for every layer type of the catalogue: each
// builds, runs a training step, seeds exactly the random initialisers tfjs gives it (the
// catalogue's `tfjs.initializers`), repeats its weights for one seed and changes them for
// another, and has the parameter count the analyzer shows.
import * as tf from '@tensorflow/tfjs';
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { buildModel, type BuiltModel } from '../../src/engine/build-model';
import { SeededRandom } from '../../src/engine/rng';
import { analyze } from '../../src/language/analyzer';
import { findLayer, layers } from '../../src/language/catalogue';
import type { Analysis, ModelSpec } from '../../src/language/types';

/**
 * Per layer type, a small model around it: the input shape and the layers after `Input`, then
 * `Dense(3, activation=softmax)` unless `head` is false.
 */
const models: Record<string, { input: number[]; layers: string[]; head?: false }> = {
  Dense: { input: [6], layers: ['Dense(5, activation=relu)'] },
  Activation: { input: [6], layers: ['Activation(tanh)'] },
  Conv2D: { input: [7, 7, 2], layers: ['Conv2D(4, 3, activation=relu)', 'Flatten()'] },
  Conv1D: { input: [9, 3], layers: ['Conv1D(4, 3, strides=2)', 'Flatten()'] },
  Conv2DTranspose: { input: [3, 3, 2], layers: ['Conv2DTranspose(3, 2, strides=2)', 'Flatten()'] },
  DepthwiseConv2D: { input: [6, 6, 3], layers: ['DepthwiseConv2D(3, depth_multiplier=2)', 'Flatten()'] },
  SeparableConv2D: { input: [6, 6, 3], layers: ['SeparableConv2D(4, 3, depth_multiplier=2, activation=relu)', 'Flatten()'] },
  MaxPooling2D: { input: [6, 6, 2], layers: ['MaxPooling2D(2)', 'Flatten()'] },
  AveragePooling2D: { input: [6, 6, 2], layers: ['AveragePooling2D(2)', 'Flatten()'] },
  MaxPooling1D: { input: [8, 3], layers: ['MaxPooling1D(2)', 'Flatten()'] },
  AveragePooling1D: { input: [8, 3], layers: ['AveragePooling1D(2)', 'Flatten()'] },
  GlobalAveragePooling2D: { input: [5, 5, 4], layers: ['GlobalAveragePooling2D()'] },
  GlobalMaxPooling2D: { input: [5, 5, 4], layers: ['GlobalMaxPooling2D()'] },
  GlobalAveragePooling1D: { input: [7, 4], layers: ['GlobalAveragePooling1D()'] },
  GlobalMaxPooling1D: { input: [7, 4], layers: ['GlobalMaxPooling1D()'] },
  BatchNormalization: { input: [6], layers: ['Dense(5)', 'BatchNormalization()'] },
  LayerNormalization: { input: [6], layers: ['Dense(5)', 'LayerNormalization()'] },
  Dropout: { input: [6], layers: ['Dense(8, activation=relu)', 'Dropout(0.5)'] },
  SpatialDropout1D: { input: [7, 4], layers: ['SpatialDropout1D(0.5)', 'Flatten()'] },
  GaussianNoise: { input: [6], layers: ['GaussianNoise(0.1)'] },
  GaussianDropout: { input: [6], layers: ['GaussianDropout(0.2)'] },
  AlphaDropout: { input: [6], layers: ['Dense(8, activation=selu)', 'AlphaDropout(0.2)'] },
  Flatten: { input: [4, 3, 2], layers: ['Flatten()'] },
  Reshape: { input: [12], layers: ['Reshape([3, 4])', 'Flatten()'] },
  Permute: { input: [3, 4], layers: ['Permute([2, 1])', 'Flatten()'] },
  RepeatVector: { input: [4], layers: ['RepeatVector(3)', 'Flatten()'] },
  UpSampling2D: { input: [3, 3, 2], layers: ['UpSampling2D(2)', 'Flatten()'] },
  ZeroPadding2D: { input: [3, 3, 2], layers: ['ZeroPadding2D(1)', 'Flatten()'] },
  Cropping2D: { input: [5, 5, 2], layers: ['Cropping2D(1)', 'Flatten()'] },
  ReLU: { input: [6], layers: ['ReLU()'] },
  LeakyReLU: { input: [6], layers: ['LeakyReLU()'] },
  ELU: { input: [6], layers: ['ELU()'] },
  Softmax: { input: [6], layers: ['Dense(3)', 'Softmax()'], head: false },
  SimpleRNN: { input: [5, 4], layers: ['SimpleRNN(3)'] },
  LSTM: { input: [5, 4], layers: ['LSTM(3, return_sequences=true)', 'Flatten()'] },
  GRU: { input: [5, 4], layers: ['GRU(3)'] },
  // Merges take the outputs of named layers (the Input is `x`).
  Add: { input: [6], layers: ['a = Dense(4)', 'b = Dense(4)(x)', 'Add()([a, b])'] },
  Subtract: { input: [6], layers: ['a = Dense(4)', 'b = Dense(1)(x)', 'Subtract()([a, b])'] },
  Multiply: { input: [4, 4, 2], layers: ['g = GlobalAveragePooling2D()', 'Dense(2, activation=sigmoid)', 'gate = Reshape([1, 1, 2])', 'Multiply()([x, gate])', 'Flatten()'] },
  Average: { input: [6], layers: ['a = Dense(4)', 'b = Dense(4)(x)', 'c = Dense(4)(x)', 'Average()([a, b, c])'] },
  Maximum: { input: [6], layers: ['a = Dense(4)', 'b = Dense(1)(x)', 'Maximum()([a, b])'] },
  Minimum: { input: [6], layers: ['a = Dense(4)', 'b = Dense(4)(x)', 'Minimum()(a, b)'] },
  Concatenate: { input: [4, 4, 2], layers: ['a = Conv2D(2, 1)', 'b = Conv2D(2, 3, padding=same)(x)', 'Concatenate(axis=-2)([a, x, b])', 'Flatten()'] },
};

/**
 * Layers whose randomness tfjs doesn't let us seed: their noise comes from an unseeded
 * generator, so their training-mode outputs don't repeat (docs/training.md, Known limits).
 */
const unseededNoise = new Set(['GaussianNoise', 'GaussianDropout', 'AlphaDropout']);

interface SerializedInitializer {
  className: string;
  config: Record<string, unknown>;
}

/** The random weight initialisers of a tfjs layer: the `*Initializer` config keys whose initialiser has a `seed`. */
function randomInitializers(layer: tf.layers.Layer): Map<string, SerializedInitializer> {
  const found = new Map<string, SerializedInitializer>();
  for (const [key, value] of Object.entries(layer.getConfig())) {
    const serialized = value as Partial<SerializedInitializer> | null;
    if (key.endsWith('Initializer') && serialized?.config && 'seed' in serialized.config) {
      found.set(key, serialized as SerializedInitializer);
    }
  }
  return found;
}

/** How tfjs serializes each distribution (Glorot is variance scaling), without the seed. */
const serializedAs: Record<string, SerializedInitializer> = {
  glorotUniform: { className: 'VarianceScaling', config: { scale: 1, mode: 'fanAvg', distribution: 'uniform' } },
  orthogonal: { className: 'Orthogonal', config: { gain: 1 } },
};

function textOf(type: string): string {
  const model = models[type];
  return [
    `model Build${type} {`,
    `    x = Input(shape=[${model.input.join(', ')}])`,
    ...model.layers.map((line) => `    ${line}`),
    ...(model.head === false ? [] : ['    Dense(3, activation=softmax)']),
    '}',
    '',
    'compile {',
    '    optimizer = adam',
    '    loss = categorical_crossentropy',
    '}',
    '',
    'fit {',
    '    dataset = idx(train_images="a", train_labels="b", test_images="c", test_labels="d")',
    '}',
    '',
  ].join('\n');
}

function weightsOf(built: BuiltModel): Map<string, Float32Array> {
  return new Map(built.model.weights.map((w) => [w.originalName, Float32Array.from(w.read().dataSync() as Float32Array)]));
}

/** The model's output in training mode (dropout and noise on) after reseeding its stochastic layers. */
function trainingOutput(built: BuiltModel, inputShape: number[]): Float32Array {
  built.seedStochasticLayers(built.drawStochasticSeeds());
  return tf.tidy(() => {
    const x = tf.randomUniform([4, ...inputShape], 0, 1, 'float32', 17);
    return Float32Array.from((built.model.apply(x, { training: true }) as tf.Tensor).dataSync() as Float32Array);
  });
}

describe('buildModel with a seeded generator, every catalogue layer type', () => {
  before(async () => {
    await tf.setBackend('cpu');
  });

  it('has a model for every layer type of the catalogue', () => {
    const types = layers.map((entry) => entry.type).filter((type) => type !== 'Input');
    assert.deepEqual(Object.keys(models).sort(), [...types].sort());
  });

  for (const type of Object.keys(models)) {
    it(type, () => {
      const analysis: Analysis = analyze(textOf(type));
      assert.deepEqual(analysis.diagnostics.map((d) => `${d.code} ${d.message}`), [], 'the test model checks clean');
      const spec = analysis.spec as ModelSpec;
      const inputShape = spec.inputShape;
      const tensorsBefore = tf.memory().numTensors;

      const first = buildModel(spec, new SeededRandom(1));
      const again = buildModel(spec, new SeededRandom(1));
      const other = buildModel(spec, new SeededRandom(2));
      try {
        // The parameter counts the analyzer shows, layer by layer and in total.
        assert.equal(first.model.countParams(), spec.totalParams, 'total parameters');
        assert.equal(first.model.countParams(), analysis.totalParams);
        const trainable = first.model.trainableWeights.reduce((sum, w) => sum + tf.util.sizeFromShape(w.shape as number[]), 0);
        assert.equal(trainable, spec.trainableParams, 'trainable parameters');
        // Both start with the Input layer.
        const analyzed = analysis.layers;
        assert.equal(first.model.layers.length, analyzed.length);
        // A graph's layers are in tfjs's order: find each by its name.
        const built = analyzed.map((layer) => first.model.getLayer(layer.name));
        for (const [i, layer] of built.entries()) {
          assert.equal(layer.countParams(), analyzed[i].params, `${analyzed[i].name}: parameters`);
        }

        for (const [i, layer] of built.entries()) {
          const entry = findLayer(analyzed[i].type);
          assert.ok(entry);
          const declared = entry.tfjs.initializers ?? [];
          const label = `${analyzed[i].name} (${entry.type})`;
          // The catalogue declares exactly the random initialisers tfjs gives the layer, and
          // each got the declared distribution with a seed of its own.
          const found = randomInitializers(layer);
          assert.deepEqual([...found.keys()].sort(), declared.map((d) => d.key).sort(), `${label}: random initialisers`);
          for (const { key, distribution } of declared) {
            const { className, config } = found.get(key) as SerializedInitializer;
            const { seed, ...rest } = config;
            assert.deepEqual({ className, config: rest }, serializedAs[distribution], `${label}: ${key} is ${distribution}`);
            assert.equal(typeof seed, 'number', `${label}: ${key} is seeded`);
          }
          const seeds = [...found.values()].map((f) => f.config.seed);
          assert.equal(new Set(seeds).size, seeds.length, `${label}: one seed per initialiser`);
        }

        // Same seed, same weights; another seed changes every randomly initialised weight and
        // nothing else (biases, gamma, beta and moving statistics start constant).
        const [w1, w1again, w2] = [weightsOf(first), weightsOf(again), weightsOf(other)];
        assert.deepEqual([...w1again.keys()], [...w1.keys()]);
        for (const [name, values] of w1) {
          assert.deepEqual(w1again.get(name), values, `${name}: same seed, same weights`);
          const random = /(^|\/)(kernel|depthwise_kernel|pointwise_kernel|recurrent_kernel)$/.test(name);
          if (random) assert.notDeepEqual(w2.get(name), values, `${name}: another seed, other weights`);
          else assert.deepEqual(w2.get(name), values, `${name}: starts constant`);
        }
        const randomWeights = [...w1.keys()].filter((name) => /kernel$/.test(name));
        const seededLayers = spec.layers.filter((layer) => findLayer(layer.type)?.tfjs.initializers?.length);
        assert.equal(randomWeights.length > 0, seededLayers.length > 0);

        // A training step runs: training-mode forward pass (repeating for one seed, unless tfjs
        // can't seed the layer's noise) and a gradient for every trainable weight.
        const out1 = trainingOutput(first, inputShape);
        const out1again = trainingOutput(again, inputShape);
        if (!unseededNoise.has(type)) assert.deepEqual(out1again, out1, 'same seed, same training-mode output');
        const variables = first.model.trainableWeights.map((w) => w.read() as tf.Variable);
        const grads = tf.tidy(() => {
          const x = tf.randomUniform([4, ...inputShape], 0, 1, 'float32', 5);
          const y = tf.oneHot(tf.tensor1d([0, 1, 2, 1], 'int32'), 3);
          const { value, grads } = tf.variableGrads(
            () => tf.mean(first.loss(y, first.model.apply(x, { training: true }) as tf.Tensor)) as tf.Scalar,
            variables,
          );
          return { loss: value.dataSync()[0], finite: variables.map((v) => grads[v.name].isFinite().all().dataSync()[0] === 1) };
        });
        assert.ok(Number.isFinite(grads.loss), `loss ${grads.loss}`);
        assert.deepEqual(grads.finite, variables.map(() => true), 'finite gradients');
      } finally {
        for (const built of [first, again, other]) built.model.dispose();
      }
      assert.equal(tf.memory().numTensors, tensorsBefore, 'no tensors left behind');
    });
  }
});
