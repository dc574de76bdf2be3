// Graph models on the wasm backend: every kernel the merge layers need (forward and backward,
// broadcasting included) is registered there, so a graph never needs a kernel the backend
// lacks, and the gradients of a graph with every merge equal plain tfjs autodiff on cpu.
import * as tf from '@tensorflow/tfjs';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { installBroadcastingGradients } from '../../src/engine/broadcast-gradients';
import { subtract } from '../../src/engine/merge-layers';
import { assertClose, mnistBatch, onBothBackends, seededValues, useBackend } from './fast-support';

const BATCH = 8;

/**
 * A small MNIST graph with each merge: a residual Add, a projection shortcut joined by
 * Subtract, an Inception-style Concatenate of three branches, a squeeze-excitation Multiply
 * with a [1, 1, C] gate, and Dense branches joined by Average, Maximum and Minimum, one of
 * them of width 1 (broadcast).
 */
function everyMergeModel(): tf.LayersModel {
  // As the engine's layer factory does (the width-1 Minimum branch needs it).
  installBroadcastingGradients();
  const conv = (filters: number, kernelSize: number, extra: Record<string, unknown> = {}) => tf.layers.conv2d({ filters, kernelSize, padding: 'same', ...extra });
  const x = tf.input({ shape: [28, 28, 1] });
  const stem = conv(4, 3, { strides: 2, activation: 'relu' }).apply(x) as tf.SymbolicTensor;
  const a = conv(4, 3, { activation: 'relu' }).apply(stem) as tf.SymbolicTensor;
  const residual = tf.layers.add().apply([stem, conv(4, 3).apply(a) as tf.SymbolicTensor]) as tf.SymbolicTensor;
  const main = conv(6, 3, { strides: 2 }).apply(residual) as tf.SymbolicTensor;
  const projected = subtract().apply([main, conv(6, 1, { strides: 2 }).apply(residual) as tf.SymbolicTensor]) as tf.SymbolicTensor;
  const mixed = tf.layers
    .concatenate()
    .apply([conv(2, 1).apply(projected), conv(3, 3).apply(projected), tf.layers.maxPooling2d({ poolSize: 3, strides: 1, padding: 'same' }).apply(projected)] as tf.SymbolicTensor[]) as tf.SymbolicTensor;
  const squeezed = tf.layers.globalAveragePooling2d({}).apply(mixed) as tf.SymbolicTensor;
  const excited = tf.layers.dense({ units: 11, activation: 'sigmoid' }).apply(tf.layers.dense({ units: 3, activation: 'relu' }).apply(squeezed)) as tf.SymbolicTensor;
  const gate = tf.layers.reshape({ targetShape: [1, 1, 11] }).apply(excited) as tf.SymbolicTensor;
  const scaled = tf.layers.multiply().apply([mixed, gate]) as tf.SymbolicTensor;
  const flat = tf.layers.flatten().apply(scaled) as tf.SymbolicTensor;
  const branch = (units: number) => tf.layers.dense({ units, activation: 'tanh' }).apply(flat) as tf.SymbolicTensor;
  const averaged = tf.layers.average().apply([branch(8), branch(8)]) as tf.SymbolicTensor;
  const extremes = tf.layers.maximum().apply([averaged, tf.layers.minimum().apply([branch(8), branch(1)]) as tf.SymbolicTensor]) as tf.SymbolicTensor;
  const scores = tf.layers.dense({ units: 10, activation: 'softmax' }).apply(extremes) as tf.SymbolicTensor;
  const model = tf.model({ inputs: x, outputs: scores });
  // The same weights on both backends.
  model.setWeights(model.getWeights().map((w, i) => tf.tensor(seededValues(w.size, i + 1).map((v) => v * 0.5), w.shape)));
  return model;
}

/** Loss and the gradient of every weight, by autodiff. */
function gradients(model: tf.LayersModel): tf.Tensor[] {
  const batch = mnistBatch(BATCH, 200);
  const xs = tf.tensor(batch.pixels, [BATCH, 28, 28, 1]);
  const ys = tf.tensor(batch.oneHot, [BATCH, 10]);
  const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const { value, grads } = tf.variableGrads(() => tf.losses.softmaxCrossEntropy(ys, model.apply(xs, { training: true }) as tf.Tensor) as tf.Scalar, variables);
  return [value, ...variables.map((v) => grads[v.name] as tf.Tensor)];
}

describe('graph models on the wasm backend', { timeout: 120_000 }, () => {
  it('has every kernel the merge layers need, forward and backward', async () => {
    await useBackend('cpu');
    const model = everyMergeModel();
    const profile = await tf.profile(() => {
      tf.tidy(() => {
        gradients(model);
      });
    });
    model.dispose();
    const kernels = [...new Set(profile.kernels.map((k) => k.name))];
    for (const needed of ['Add', 'Sub', 'Multiply', 'Maximum', 'Minimum', 'Concat', 'Sum', 'Mean'] as const) {
      assert.ok(kernels.includes(needed), `the profile saw ${needed}: ${kernels.join(' ')}`);
    }
    await useBackend('wasm');
    const missing = kernels.filter((name) => tf.getKernel(name, 'wasm') === undefined && !name.endsWith('__op'));
    assert.deepEqual(missing, []);
  });

  it('computes the gradients of a graph with every merge as tfjs autodiff does on cpu', async () => {
    const results = await onBothBackends(() => {
      const model = everyMergeModel();
      try {
        return gradients(model);
      } finally {
        model.dispose();
      }
    });
    const [cpuLoss, ...cpuGrads] = results.cpu;
    const [wasmLoss, ...wasmGrads] = results.wasm;
    assertClose(wasmLoss as Float32Array, cpuLoss as Float32Array, 'loss');
    assert.ok(cpuGrads.length > 20);
    cpuGrads.forEach((want, i) => assertClose(wasmGrads[i] as Float32Array, want, `gradient ${i}`, 1e-3, 1e-5));
  });
});
