// The merge layers tfjs lacks or gets wrong (src/engine/merge-layers.ts). Subtract: Keras's
// values, shapes with tfjs's broadcasting, its gradient, exactly two inputs, and a saved model
// that tf.loadLayersModel reads back. Concatenate: a negative axis joins along that axis.
import * as tf from '@tensorflow/tfjs';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { saveModel } from '../../src/engine/saved-model';
import { Concatenate, concatenate, Subtract, subtract } from '../../src/engine/merge-layers';
import { tempDir } from './idx-files';

function twoInputModel(a: number[], b: number[]): tf.LayersModel {
  const x = tf.input({ shape: a });
  const y = tf.input({ shape: b });
  const difference = subtract({ name: 'difference' }).apply([x, y]) as tf.SymbolicTensor;
  return tf.model({ inputs: [x, y], outputs: difference });
}

describe('the Subtract layer', { timeout: 60_000 }, () => {
  before(async () => {
    await tf.setBackend('cpu');
  });

  it('gives the first input minus the second', async () => {
    const model = twoInputModel([3], [3]);
    const out = model.predict([tf.tensor2d([[5, 7, 9]]), tf.tensor2d([[1, 2, 3]])]) as tf.Tensor;
    assert.deepEqual(await out.array(), [[4, 5, 6]]);
    assert.deepEqual(model.outputs[0]?.shape, [null, 3]);
    model.dispose();
  });

  it('broadcasts size-1 axes as tfjs merge layers do', async () => {
    const model = twoInputModel([2, 1], [1, 3]);
    assert.deepEqual(model.outputs[0]?.shape, [null, 2, 3]);
    const a = tf.tensor3d([[[10], [20]]]);
    const b = tf.tensor3d([[[1, 2, 3]]]);
    assert.deepEqual(await (model.predict([a, b]) as tf.Tensor).array(), await tf.sub(a, b).array());
    // The same shapes as tfjs's own Add, which shares the base class.
    const x = tf.input({ shape: [2, 1] });
    const y = tf.input({ shape: [1, 3] });
    assert.deepEqual((tf.layers.add().apply([x, y]) as tf.SymbolicTensor).shape, [null, 2, 3]);
    model.dispose();
  });

  it('has the gradient +1 for the first input and -1 for the second', async () => {
    const layer = subtract();
    const [da, db] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(layer.apply([a, b]) as tf.Tensor))([tf.tensor2d([[1, 2]]), tf.tensor2d([[3, 4]])]);
    assert.deepEqual(await da?.array(), [[1, 1]]);
    assert.deepEqual(await db?.array(), [[-1, -1]]);
  });

  it('refuses anything but exactly two inputs', () => {
    const inputs = [tf.input({ shape: [2] }), tf.input({ shape: [2] }), tf.input({ shape: [2] })];
    assert.throws(() => subtract().apply(inputs), /A Subtract layer should be called on exactly 2 inputs, got 3/);
    assert.throws(() => subtract().apply([inputs[0] as tf.SymbolicTensor]), /exactly 2 inputs, got 1/);
  });

  it('is saved as Subtract and read back by tf.loadLayersModel', async () => {
    const x = tf.input({ shape: [4] });
    const a = tf.layers.dense({ units: 3, name: 'a' }).apply(x) as tf.SymbolicTensor;
    const b = tf.layers.dense({ units: 3, name: 'b' }).apply(x) as tf.SymbolicTensor;
    const model = tf.model({ inputs: x, outputs: subtract({ name: 'difference' }).apply([a, b]) as tf.SymbolicTensor });
    const dir = tempDir();
    await saveModel(model, dir);
    const json = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
    const classes = json.modelTopology.config.layers.map((layer: { class_name: string }) => layer.class_name);
    assert.deepEqual(classes, ['InputLayer', 'Dense', 'Dense', 'Subtract']);
    const weightData = new Uint8Array(readFileSync(join(dir, 'weights.bin'))).buffer;
    const loaded = await tf.loadLayersModel(tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs: json.weightsManifest[0].weights, weightData }));
    assert.ok(loaded.getLayer('difference') instanceof Subtract);
    const input = tf.tensor2d([[1, -2, 3, 0.5]]);
    assert.deepEqual(await (loaded.predict(input) as tf.Tensor).array(), await (model.predict(input) as tf.Tensor).array());
    model.dispose();
    loaded.dispose();
  });
});

describe('the Concatenate layer', { timeout: 60_000 }, () => {
  before(async () => {
    await tf.setBackend('cpu');
  });

  it('joins along a negative axis counted from the end, at run time as in its declared shape', async () => {
    const x = tf.input({ shape: [2, 3, 1] });
    const y = tf.input({ shape: [2, 3, 1] });
    for (const [axis, shape] of [[-2, [null, 2, 6, 1]], [-3, [null, 4, 3, 1]], [-1, [null, 2, 3, 2]], [2, [null, 2, 6, 1]]] as const) {
      const model = tf.model({ inputs: [x, y], outputs: concatenate({ axis }).apply([x, y]) as tf.SymbolicTensor });
      assert.deepEqual(model.outputs[0]?.shape, shape, `axis ${axis}: declared shape`);
      const a = tf.randomUniform([1, 2, 3, 1], 0, 1, 'float32', 1);
      const b = tf.randomUniform([1, 2, 3, 1], 0, 1, 'float32', 2);
      const out = model.predict([a, b]) as tf.Tensor;
      assert.deepEqual(out.shape, [1, ...shape.slice(1)], `axis ${axis}: computed shape`);
      assert.deepEqual(await out.array(), await tf.concat([a, b], axis).array(), `axis ${axis}: values`);
      model.dispose();
    }
    // tfjs's own layer declares [null, 2, 6, 1] for axis -2 and computes [1, 2, 3, 2].
    const stock = tf.model({ inputs: [x, y], outputs: tf.layers.concatenate({ axis: -2 }).apply([x, y]) as tf.SymbolicTensor });
    assert.deepEqual((stock.predict([tf.ones([1, 2, 3, 1]), tf.ones([1, 2, 3, 1])]) as tf.Tensor).shape, [1, 2, 3, 2]);
    stock.dispose();
  });

  it('is what tf.loadLayersModel makes of a saved Concatenate', async () => {
    const x = tf.input({ shape: [3, 2] });
    const a = tf.layers.dense({ units: 2 }).apply(x) as tf.SymbolicTensor;
    const model = tf.model({ inputs: x, outputs: concatenate({ axis: -2 }).apply([x, a]) as tf.SymbolicTensor });
    const dir = tempDir();
    await saveModel(model, dir);
    const json = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
    const weightData = new Uint8Array(readFileSync(join(dir, 'weights.bin'))).buffer;
    const loaded = await tf.loadLayersModel(tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs: json.weightsManifest[0].weights, weightData }));
    assert.ok(loaded.layers.some((layer) => layer instanceof Concatenate));
    const input = tf.randomUniform([1, 3, 2], 0, 1, 'float32', 3);
    assert.deepEqual((loaded.predict(input) as tf.Tensor).shape, [1, 6, 2]);
    assert.deepEqual(await (loaded.predict(input) as tf.Tensor).array(), await (model.predict(input) as tf.Tensor).array());
    model.dispose();
    loaded.dispose();
  });
});
