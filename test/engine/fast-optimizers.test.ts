// The fused optimizers against tfjs's own on the cpu backend: Adam (default and custom
// arguments), SGD, momentum and Nesterov momentum, over several steps; the choice of
// updater per spec; and whole training steps on real MNIST batches: the engine's wasm path
// (kernel fixes, Dense pass, fused Adam) against cpu autodiff with tfjs Adam.
import * as tf from '@tensorflow/tfjs';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildModel, type BuiltModel } from '../../src/engine/build-model';
import { createDenseGradients } from '../../src/engine/fast/dense-gradients';
import { FusedAdam } from '../../src/engine/fast/fused-adam';
import { FusedMomentum, FusedSgd } from '../../src/engine/fast/fused-sgd';
import { createFusedUpdater } from '../../src/engine/fast/select-updater';
import { createWeightUpdater, type WeightUpdater } from '../../src/engine/optimizer';
import { SeededRandom } from '../../src/engine/rng';
import { specFromText } from '../../src/engine/spec-file';
import type { ModelSpec } from '../../src/language/types';
import { assertClose, mnistBatch, seededValues, specText, useBackend } from './fast-support';

const SHAPES = [[784, 64], [64], [64, 10], [10]];

/** Runs `steps` updates of fresh seeded gradients through `updater` and returns the weights after each step. */
function runUpdates(updater: WeightUpdater, steps: number): Float32Array[][] {
  const variables = SHAPES.map((shape, i) => tf.variable(tf.tensor(seededValues(shape.reduce((a, b) => a * b, 1), 100 + i).map((v) => v * 0.1), shape)));
  const history: Float32Array[][] = [];
  for (let step = 0; step < steps; step++) {
    const grads = SHAPES.map((shape, i) => tf.tensor(seededValues(shape.reduce((a, b) => a * b, 1), 1000 * step + i), shape));
    updater.apply(variables, grads);
    tf.dispose(grads);
    history.push(variables.map((v) => Float32Array.from(v.dataSync() as Float32Array)));
  }
  updater.dispose();
  tf.dispose(variables);
  return history;
}

/** tfjs's optimizer behind the same interface (what the engine uses for other optimizers). */
function tfjsUpdater(optimizer: tf.Optimizer): WeightUpdater {
  return {
    apply: (variables, grads) => optimizer.applyGradients(variables.map((v, i) => ({ name: v.name, tensor: grads[i] }))),
    dispose: () => optimizer.dispose(),
  };
}

function assertSameHistory(actual: Float32Array[][], expected: Float32Array[][]): void {
  actual.forEach((weights, step) => weights.forEach((w, i) => assertClose(w, expected[step][i], `step ${step + 1}, variable ${i}`, 1e-6, 1e-7)));
}

describe('fused optimizers match tfjs on the cpu backend', () => {
  const cases: [string, () => WeightUpdater, () => tf.Optimizer][] = [
    ['Adam, Keras defaults', () => new FusedAdam({ learningRate: 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 }), () => tf.train.adam(0.001, 0.9, 0.999, 1e-7)],
    ['Adam, lr 0.02, betas 0.8 / 0.99, epsilon 1e-4', () => new FusedAdam({ learningRate: 0.02, beta1: 0.8, beta2: 0.99, epsilon: 1e-4 }), () => tf.train.adam(0.02, 0.8, 0.99, 1e-4)],
    ['SGD', () => new FusedSgd(0.05), () => tf.train.sgd(0.05)],
    ['momentum 0.9', () => new FusedMomentum({ learningRate: 0.01, momentum: 0.9, nesterov: false }), () => tf.train.momentum(0.01, 0.9, false)],
    ['Nesterov momentum 0.8', () => new FusedMomentum({ learningRate: 0.01, momentum: 0.8, nesterov: true }), () => tf.train.momentum(0.01, 0.8, true)],
  ];
  for (const [name, fused, reference] of cases) {
    it(`${name}: 1 and 5 steps`, async () => {
      await useBackend('cpu');
      assertSameHistory(runUpdates(fused(), 5), runUpdates(tfjsUpdater(reference()), 5));
    });
  }

  it('Adam on the wasm heap (the float32 SIMD kernel) agrees with the JavaScript loop and with tfjs', async () => {
    const config = { learningRate: 0.02, beta1: 0.8, beta2: 0.99, epsilon: 1e-4 };
    await useBackend('cpu');
    const javascript = runUpdates(new FusedAdam(config), 5);
    await useBackend('wasm');
    const kernel = runUpdates(new FusedAdam(config), 5);
    // 784x64 and 64 are even, 64x10 too; a 3-element variable exercises the odd tail.
    assertSameHistory(kernel, javascript);
    await useBackend('cpu');
    assertSameHistory(kernel, runUpdates(tfjsUpdater(tf.train.adam(config.learningRate, config.beta1, config.beta2, config.epsilon)), 5));
    await useBackend('wasm');
    const odd = tf.variable(tf.tensor([0.5, -0.25, 2]));
    const adam = new FusedAdam(config);
    adam.apply([odd], [tf.tensor([1, -3, 0.5])]);
    const onWasm = odd.dataSync();
    await useBackend('cpu');
    const oddCpu = tf.variable(tf.tensor([0.5, -0.25, 2]));
    new FusedAdam(config).apply([oddCpu], [tf.tensor([1, -3, 0.5])]);
    assertClose(onWasm, oddCpu.dataSync(), 'a variable of 3 weights (the kernel\'s scalar tail)', 1e-6, 1e-7);
  });

  it('assigns new tensors (never writes in place) and leaks none', async () => {
    await useBackend('wasm');
    const variable = tf.variable(tf.ones([3, 4]));
    const adam = new FusedAdam({ learningRate: 0.1, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 });
    const grad = tf.ones([3, 4]);
    const before = variable.dataId;
    const tensors = tf.memory().numTensors;
    adam.apply([variable], [grad]);
    assert.notEqual(variable.dataId, before, 'the variable holds a new tensor');
    assert.equal(tf.memory().numTensors, tensors);
    assertClose(variable.dataSync(), new Float32Array(12).fill(0.9), 'first Adam step moves by the learning rate');
    tf.dispose([variable, grad]);
  });
});

describe('which updater a spec gets', () => {
  const specFor = (optimizer: string) => specFromText(specText('[784]', ['Dense(10, activation=softmax)'], 'categorical_crossentropy', optimizer), '/virtual/model.dnn');
  const cases: [string, string | undefined][] = [
    ['adam', 'FusedAdam'],
    ['adam(learning_rate=0.01, beta_1=0.8)', 'FusedAdam'],
    ['sgd', 'FusedSgd'],
    ['sgd(learning_rate=0.1, momentum=0.9)', 'FusedMomentum'],
    ['sgd(momentum=0.9, nesterov=true)', 'FusedMomentum'],
    ['momentum', 'FusedMomentum'],
    ['rmsprop', undefined],
    ['adagrad', undefined],
  ];
  for (const [optimizer, expected] of cases) {
    it(`${optimizer} → ${expected ?? 'the tfjs optimizer'}`, () => {
      const spec = specFor(optimizer);
      assert.equal(createFusedUpdater(spec.compile.optimizer)?.constructor.name, expected);
      const updater = createWeightUpdater(spec);
      assert.equal(updater.constructor.name, expected ?? 'TfjsOptimizerUpdater');
      updater.dispose();
    });
  }
  it('declines an argument it does not implement rather than ignore it', () => {
    assert.equal(createFusedUpdater({ name: 'adam', args: { learning_rate: 0.001, amsgrad: true } }), undefined);
    assert.equal(createFusedUpdater({ name: 'sgd', args: { momentum: true } }), undefined);
  });
});

describe('whole training steps: wasm engine path vs cpu autodiff + tfjs Adam', () => {
  const BATCH = 32;

  function batches(spec: ModelSpec, steps: number): { xs: tf.Tensor; ys: tf.Tensor }[] {
    return Array.from({ length: steps }, (_, step) => {
      const batch = mnistBatch(BATCH, 200 + step * BATCH);
      return { xs: tf.tensor(batch.pixels, [BATCH, ...spec.inputShape]), ys: tf.tensor(batch.oneHot, [BATCH, 10]) };
    });
  }

  async function train(spec: ModelSpec, backend: 'cpu' | 'wasm', steps: number, weights?: Float32Array[]): Promise<{ initial: Float32Array[]; after: Float32Array[][] }> {
    await useBackend(backend);
    const built: BuiltModel = buildModel(spec, new SeededRandom(3));
    if (weights) built.model.setWeights(built.model.getWeights().map((w, i) => tf.tensor(weights[i], w.shape)));
    const initial = built.model.getWeights().map((w) => Float32Array.from(w.dataSync() as Float32Array));
    const variables = built.model.trainableWeights.map((w) => w.read() as tf.Variable);
    // cpu: exactly what model.fit would do; wasm: what the engine does (fast paths where they apply).
    const updater = backend === 'cpu' ? tfjsUpdater(tf.train.adam(0.001, 0.9, 0.999, 1e-7)) : createWeightUpdater(spec);
    const dense = backend === 'wasm' ? createDenseGradients(spec, built.model) : undefined;
    const after: Float32Array[][] = [];
    for (const { xs, ys } of batches(spec, steps)) {
      if (dense) {
        const step = dense.compute(xs, ys);
        updater.apply(variables, step.grads);
        tf.dispose(step.grads);
      } else {
        const { value, grads } = tf.variableGrads(() => tf.mean(built.loss(ys, built.model.apply(xs, { training: true }) as tf.Tensor)) as tf.Scalar, variables);
        updater.apply(variables, variables.map((v) => grads[v.name]));
        tf.dispose([value, ...Object.values(grads)]);
      }
      tf.dispose([xs, ys]);
      after.push(variables.map((v) => Float32Array.from(v.dataSync() as Float32Array)));
    }
    updater.dispose();
    built.model.dispose();
    return { initial, after };
  }

  const models: [string, string, boolean][] = [
    ['the article MLP (Dense pass + fused Adam)', specText('[784]', ['Dense(64, activation=relu)', 'Dense(64, activation=relu)', 'Dense(10, activation=softmax)']), true],
    ['the small CNN (kernel fixes + fused Adam)', specText('[28, 28, 1]', ['Conv2D(16, 3, activation=relu)', 'MaxPooling2D(2)', 'Flatten()', 'Dense(10, activation=softmax)']), false],
  ];
  for (const [name, text, usesDensePass] of models) {
    it(`${name}: weights after 1 and 5 steps`, async () => {
      const spec = specFromText(text, '/virtual/model.dnn');
      const reference = await train(spec, 'cpu', 5);
      const ours = await train(spec, 'wasm', 5, reference.initial);
      await useBackend('wasm');
      const probe = buildModel(spec, new SeededRandom(3));
      assert.equal(createDenseGradients(spec, probe.model) !== undefined, usesDensePass);
      probe.model.dispose();
      for (const step of [0, 4]) {
        ours.after[step].forEach((w, i) => {
          // Adam moves each weight by about the learning rate per step, whatever the gradient's
          // size: compare the change against 1% of one step.
          assertClose(w, reference.after[step][i], `step ${step + 1}, weight ${i}`, 0, 1e-5 * (step + 1));
        });
      }
    });
  }
});
