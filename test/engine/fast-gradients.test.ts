// Gradients on the wasm backend (our kernel fixes, and the hand-written Dense pass) against
// plain tfjs autodiff on the cpu backend, on a batch of real MNIST images, with the same
// weights: Dense and Conv2D models, every hidden activation the Dense pass supports, both
// cross-entropy losses.
import * as tf from '@tensorflow/tfjs';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildModel, type BuiltModel } from '../../src/engine/build-model';
import { createDenseGradients, planDenseModel } from '../../src/engine/fast/dense-gradients';
import { softmaxCrossEntropy } from '../../src/engine/fast/softmax-crossentropy';
import { SeededRandom } from '../../src/engine/rng';
import { scoreSamples } from '../../src/engine/scoring';
import { specFromText } from '../../src/engine/spec-file';
import type { ModelSpec } from '../../src/language/types';
import { assertClose, mnistBatch, specText, useBackend } from './fast-support';

const BATCH = 32;

interface Outcome {
  loss: number;
  grads: Float32Array[];
}

/** The model of `spec` on `backend` with the given weights (or its seeded initial ones). */
function modelOn(spec: ModelSpec, weights?: Float32Array[]): BuiltModel {
  const built = buildModel(spec, new SeededRandom(7));
  if (weights) built.model.setWeights(built.model.getWeights().map((w, i) => tf.tensor(weights[i], w.shape)));
  return built;
}

function inputsFor(spec: ModelSpec): { xs: tf.Tensor; ys: tf.Tensor } {
  const batch = mnistBatch(BATCH, 100);
  const xs = tf.tensor(batch.pixels, [BATCH, ...spec.inputShape]);
  const ys = spec.compile.loss === 'sparse_categorical_crossentropy' ? tf.tensor(Float32Array.from(batch.labels), [BATCH]) : tf.tensor(batch.oneHot, [BATCH, 10]);
  return { xs, ys };
}

/** tfjs autodiff, as the engine runs it when there is no fast path. */
function autodiff(built: BuiltModel, xs: tf.Tensor, ys: tf.Tensor): Outcome {
  const variables = built.model.trainableWeights.map((w) => w.read() as tf.Variable);
  return tf.tidy(() => {
    const { value, grads } = tf.variableGrads(() => tf.mean(built.loss(ys, built.model.apply(xs, { training: true }) as tf.Tensor)) as tf.Scalar, variables);
    return { loss: value.dataSync()[0], grads: variables.map((v) => grads[v.name].dataSync() as Float32Array) };
  });
}

/** The reference on cpu, and the weights it used. */
async function reference(spec: ModelSpec): Promise<{ weights: Float32Array[]; outcome: Outcome }> {
  await useBackend('cpu');
  const built = modelOn(spec);
  const weights = built.model.getWeights().map((w) => Float32Array.from(w.dataSync() as Float32Array));
  const { xs, ys } = inputsFor(spec);
  const outcome = autodiff(built, xs, ys);
  tf.dispose([xs, ys]);
  built.model.dispose();
  return { weights, outcome };
}

async function onWasm(spec: ModelSpec, weights: Float32Array[], how: 'autodiff' | 'dense pass'): Promise<Outcome> {
  await useBackend('wasm');
  const built = modelOn(spec, weights);
  const { xs, ys } = inputsFor(spec);
  let outcome: Outcome;
  if (how === 'autodiff') {
    outcome = autodiff(built, xs, ys);
  } else {
    const fast = createDenseGradients(spec, built.model);
    assert.ok(fast, 'the Dense pass takes this model');
    const step = fast.compute(xs, ys);
    outcome = { loss: step.loss, grads: step.grads.map((g) => g.dataSync() as Float32Array) };
    tf.dispose(step.grads);
  }
  tf.dispose([xs, ys]);
  built.model.dispose();
  return outcome;
}

function assertSameOutcome(actual: Outcome, expected: Outcome, rtol: number): void {
  assertClose([actual.loss], [expected.loss], 'loss', Math.min(rtol, 1e-4));
  assert.equal(actual.grads.length, expected.grads.length);
  // Gradients are compared relative to the largest of their tensor: entries that cancel to ~0 carry only rounding.
  actual.grads.forEach((g, i) => {
    const scale = expected.grads[i].reduce((m, v) => Math.max(m, Math.abs(v)), 0);
    assertClose(g, expected.grads[i], `gradient of trainable weight ${i}`, rtol, rtol * scale);
  });
}

const denseModels: [string, string][] = [
  ['the article MLP', specText('[784]', ['Dense(64, activation=relu)', 'Dense(64, activation=relu)', 'Dense(10, activation=softmax)'])],
  ['tanh, sigmoid and linear hidden layers, no bias', specText('[784]', ['Dense(32, activation=tanh)', 'Dense(16, activation=sigmoid, use_bias=false)', 'Dense(16)', 'Dense(10, activation=softmax)'])],
  ['sparse categorical cross-entropy', specText('[784]', ['Dense(32, activation=relu)', 'Dense(10, activation=softmax)'], 'sparse_categorical_crossentropy')],
  ['Flatten of 28x28x1 images, softmax regression', specText('[28, 28, 1]', ['Flatten()', 'Dense(10, activation=softmax)'])],
  // Widths off the SIMD kernels' tiles: 50 = 32 + 4·4 + 2, 3 (no whole vector), an input of 3.
  ['layer widths off the SIMD tiles (50, 3)', specText('[784]', ['Dense(50, activation=relu)', 'Dense(3, activation=relu)', 'Dense(10, activation=softmax)'])],
];

describe('the Dense pass scores a sample set as tfjs does', () => {
  it('validation loss, accuracy and outputs of the article MLP on 1,500 real MNIST images', async () => {
    await useBackend('wasm');
    const spec = specFromText(denseModels[0][1], '/virtual/model.dnn');
    const built = modelOn(spec);
    const { pixels, labels } = mnistBatch(1500, 2000);
    const fast = createDenseGradients(spec, built.model);
    assert.ok(fast);
    const ours = scoreSamples(built, pixels, labels, { keepOutputs: true, fastGradients: fast });
    const tfjs = scoreSamples(built, pixels, labels, { keepOutputs: true });
    assertClose([ours.loss], [tfjs.loss], 'loss', 1e-5);
    assert.equal(ours.accuracy, tfjs.accuracy);
    assertClose(ours.outputs as Float32Array, tfjs.outputs as Float32Array, 'outputs', 1e-4, 1e-6);
    built.model.dispose();
  });
});

describe('Dense models: wasm gradients equal cpu autodiff', () => {
  for (const [name, text] of denseModels) {
    for (const how of ['autodiff', 'dense pass'] as const) {
      it(`${name}, ${how} on wasm`, async () => {
        const spec = specFromText(text, '/virtual/model.dnn');
        const { weights, outcome } = await reference(spec);
        assertSameOutcome(await onWasm(spec, weights, how), outcome, 1e-4);
      });
    }
  }
});

describe('Conv2D models: wasm autodiff (with the kernel fixes) equals cpu autodiff', () => {
  const convModels: [string, string][] = [
    ['the small CNN', specText('[28, 28, 1]', ['Conv2D(16, 3, activation=relu)', 'MaxPooling2D(2)', 'Flatten()', 'Dense(10, activation=softmax)'])],
    [
      'two convolutions, same padding, strides, average pooling',
      specText('[28, 28, 1]', ['Conv2D(8, 5, strides=2, padding=same, activation=relu)', 'Conv2D(12, 3, activation=tanh)', 'AveragePooling2D(2)', 'Flatten()', 'Dense(10, activation=softmax)']),
    ],
    [
      'depthwise convolutions',
      specText('[28, 28, 1]', ['Conv2D(4, 3, activation=relu)', 'DepthwiseConv2D(3, depth_multiplier=2, activation=relu)', 'DepthwiseConv2D(3, strides=2, padding=same, activation=relu)', 'Flatten()', 'Dense(10, activation=softmax)']),
    ],
    [
      'two convolution and max-pooling stages, as the example CNN',
      specText('[28, 28, 1]', ['Conv2D(16, 3, activation=relu)', 'MaxPooling2D(2)', 'Conv2D(32, 3, activation=relu)', 'MaxPooling2D(2)', 'Flatten()', 'Dense(10, activation=softmax)']),
    ],
  ];
  for (const [name, text] of convModels) {
    it(name, async () => {
      const spec = specFromText(text, '/virtual/model.dnn');
      const { weights, outcome } = await reference(spec);
      // Convolution gradients sum thousands of products in float32 (XNNPACK) vs doubles (cpu).
      assertSameOutcome(await onWasm(spec, weights, 'autodiff'), outcome, 1e-3);
    });
  }
  // Batch normalisation over 32x26x26 values per channel: its statistics and its backward
  // sums are float32 on wasm and doubles on cpu, and its backward pass subtracts nearly equal
  // terms, so the backends agree to ~1e-3 of each gradient's scale (a Dense model with the
  // same layer agrees to 1e-6). Average pooling after it: a max-pooling window whose two
  // largest normalised values differ by rounding can pick another winner on each backend.
  it('batch normalisation between convolutions', async () => {
    const spec = specFromText(
      specText('[28, 28, 1]', ['Conv2D(16, 3, activation=relu)', 'BatchNormalization()', 'AveragePooling2D(2)', 'Conv2D(32, 3, activation=relu)', 'AveragePooling2D(2)', 'Flatten()', 'Dense(10, activation=softmax)']),
      '/virtual/model.dnn',
    );
    const { weights, outcome } = await reference(spec);
    assertSameOutcome(await onWasm(spec, weights, 'autodiff'), outcome, 1e-2);
  });
});

describe('the softmax cross-entropy head against tfjs autodiff (cpu)', () => {
  // Rows from ordinary to saturated (probabilities clipped at 1e-7 and 1 − 1e-7, where the
  // gradient through the clip is zero), with one-hot and soft targets; 10 classes.
  const pad = (row: number[]) => [...row, ...new Array(10 - row.length).fill(0)];
  const logits = [pad([0.5, -1, 2, 0]), pad([40, 0, -3, 1]), pad([-30, 30]), pad([10, 10, -50]).map((v, i) => (i > 2 ? -40 : v))];
  const targets = [pad([0, 0, 1]), pad([1]), pad([1]), pad([0.5, 0.25, 0, 0.25])];
  for (const loss of ['categorical_crossentropy', 'sparse_categorical_crossentropy'] as const) {
    it(loss, async () => {
      await useBackend('cpu');
      const sparse = loss === 'sparse_categorical_crossentropy';
      const rows = sparse ? 3 : 4; // sparse labels are classes: no soft row
      const classes = 10;
      const built = modelOn(specFromText(specText('[784]', ['Dense(10, activation=softmax)'], loss), '/virtual/model.dnn'));
      const z = tf.tensor(logits.slice(0, rows).flat(), [rows, classes]);
      const y = sparse ? tf.tensor(targets.slice(0, rows).map((t) => t.indexOf(1)), [rows]) : tf.tensor(targets.flat(), [rows, classes]);
      const expectedLoss = tf.tidy(() => tf.mean(built.loss(y, tf.softmax(z))).dataSync()[0]);
      const expectedGradient = tf.tidy(() => Float32Array.from(tf.grad((logitsTensor: tf.Tensor) => tf.mean(built.loss(y, tf.softmax(logitsTensor))))(z).dataSync() as Float32Array));
      const gradient = new Float32Array(rows * classes);
      const result = softmaxCrossEntropy(z.dataSync() as Float32Array, new Float32Array(targets.slice(0, rows).flat()), classes, sparse, 1e-7, gradient);
      assertClose([result.loss], [expectedLoss], 'loss', 1e-6);
      assertClose(gradient, expectedGradient, 'gradient', 1e-5, 1e-7);
      tf.dispose([z, y]);
      built.model.dispose();
    });
  }
});

describe('which models the Dense pass takes', () => {
  const cases: [string, string, boolean][] = [
    ['the article MLP', denseModels[0][1], true],
    ['a Dropout layer', specText('[784]', ['Dense(64, activation=relu)', 'Dropout(0.2)', 'Dense(10, activation=softmax)']), false],
    ['an elu hidden layer', specText('[784]', ['Dense(64, activation=elu)', 'Dense(10, activation=softmax)']), false],
    ['a softmax hidden layer', specText('[784]', ['Dense(64, activation=softmax)', 'Dense(10, activation=softmax)']), false],
    ['mean squared error', specText('[784]', ['Dense(10, activation=softmax)'], 'mean_squared_error'), false],
    ['a convolution', specText('[28, 28, 1]', ['Conv2D(4, 3)', 'Flatten()', 'Dense(10, activation=softmax)']), false],
    ['Dense on an image without Flatten', specText('[28, 28, 1]', ['Dense(10, activation=softmax)']), false],
  ];
  for (const [name, text, taken] of cases) {
    it(`${name}: ${taken ? 'taken' : 'left to autodiff'}`, () => {
      let spec: ModelSpec;
      try {
        spec = specFromText(text, '/virtual/model.dnn');
      } catch {
        // The language refuses it outright (e.g. a wrong output shape): the engine never gets there.
        assert.equal(taken, false);
        return;
      }
      assert.equal(planDenseModel(spec) !== undefined, taken);
    });
  }
  it('is only used on the wasm backend', async () => {
    await useBackend('cpu');
    const spec = specFromText(denseModels[0][1], '/virtual/model.dnn');
    const built = modelOn(spec);
    assert.equal(createDenseGradients(spec, built.model), undefined);
    built.model.dispose();
  });
});

