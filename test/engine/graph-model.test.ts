// The functional builder on graphs written by hand as ModelSpecs: each layer gets the outputs
// its spec names, the model runs from the input to `outputName`, a branch that leads nowhere
// is left out (and leaves no weights behind), and the Dense fast path keeps to chains.
import * as tf from '@tensorflow/tfjs';
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { buildModel } from '../../src/engine/build-model';
import { EngineError } from '../../src/engine/errors';
import { planDenseModel } from '../../src/engine/fast/dense-gradients';
import { SeededRandom } from '../../src/engine/rng';
import type { ModelSpec, SpecLayer } from '../../src/language/types';

function dense(name: string, units: number, activation: string, inputs: string[]): SpecLayer {
  return { type: 'Dense', name, config: { units, activation, use_bias: true }, inputs };
}

function specOf(layers: SpecLayer[], outputName: string): ModelSpec {
  return {
    name: 'Graph',
    inputShape: [6],
    inputName: 'x',
    layers,
    outputName,
    compile: { optimizer: { name: 'adam', args: {} }, loss: 'categorical_crossentropy', metrics: ['accuracy'] },
    fit: { dataset: { kind: 'mnist' }, epochs: 1, batchSize: 4, validationSplit: 0, shuffle: true },
    outputShape: [null, 3],
    totalParams: 0,
    trainableParams: 0,
  };
}

/** x feeds an unused branch `unused` and, past it, `hidden` -> `out`. */
const skipsABranch = specOf([dense('unused', 4, 'relu', ['x']), dense('hidden', 5, 'relu', ['x']), dense('out', 3, 'softmax', ['hidden'])], 'out');

describe('the functional model builder on graphs', { timeout: 60_000 }, () => {
  before(async () => {
    await tf.setBackend('cpu');
  });

  it('feeds each layer the outputs its spec names and leaves out a branch that leads nowhere', () => {
    const tensorsBefore = tf.memory().numTensors;
    const built = buildModel(skipsABranch, new SeededRandom(3));
    try {
      assert.deepEqual(built.model.layers.map((layer) => layer.name), ['x', 'hidden', 'out']);
      assert.equal(built.model.countParams(), 6 * 5 + 5 + 5 * 3 + 3);
      const output = tf.tidy(() => (built.model.predict(tf.ones([2, 6])) as tf.Tensor).shape);
      assert.deepEqual(output, [2, 3]);
    } finally {
      built.model.dispose();
    }
    assert.equal(tf.memory().numTensors, tensorsBefore, 'the unused branch built no weights');
  });

  it('draws the seeds of every layer in file order, the unused one included', () => {
    // `hidden` gets the second layer's seeds whether or not `unused` is connected.
    const withBranch = buildModel(skipsABranch, new SeededRandom(3));
    const chain = buildModel(specOf([dense('unused', 4, 'relu', ['x']), dense('hidden', 5, 'relu', ['unused']), dense('out', 3, 'softmax', ['hidden'])], 'out'), new SeededRandom(3));
    try {
      const kernelOf = (model: tf.LayersModel, name: string) => model.getLayer(name).getWeights()[0] as tf.Tensor;
      const [fromBranch, fromChain] = [kernelOf(withBranch.model, 'out'), kernelOf(chain.model, 'out')];
      assert.deepEqual(fromBranch.dataSync(), fromChain.dataSync());
    } finally {
      withBranch.model.dispose();
      chain.model.dispose();
    }
  });

  it('refuses an input that is not a layer before it, and keeps no weights of the layers applied', () => {
    const tensorsBefore = tf.memory().numTensors;
    const broken = specOf([dense('a', 4, 'relu', ['x']), dense('out', 3, 'softmax', ['nowhere'])], 'out');
    assert.throws(
      () => buildModel(broken, new SeededRandom(1)),
      (error: unknown) => error instanceof EngineError && /layer out: its input 'nowhere' is not a layer before it/.test(error.message),
    );
    assert.equal(tf.memory().numTensors, tensorsBefore);
  });

  it('gives the Dense fast path chains only', () => {
    assert.equal(planDenseModel(skipsABranch), undefined);
    const chain = specOf([dense('hidden', 5, 'relu', ['x']), dense('out', 3, 'softmax', ['hidden'])], 'out');
    assert.deepEqual(planDenseModel(chain)?.layers.map((layer) => layer.name), ['hidden', 'out']);
    // The same layers with the output taken before the last one is not the chain the pass computes.
    assert.equal(planDenseModel({ ...chain, outputName: 'hidden' }), undefined);
  });
});
