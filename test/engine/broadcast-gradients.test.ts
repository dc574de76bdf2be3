// The Maximum and Minimum gradients with broadcasting (src/engine/broadcast-gradients.ts):
// tfjs's own return the broadcast shape and fail; ours sum back to each input's shape.
import * as tf from '@tensorflow/tfjs';
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { installBroadcastingGradients } from '../../src/engine/broadcast-gradients';

describe('Maximum and Minimum gradients with broadcasting', { timeout: 60_000 }, () => {
  before(async () => {
    await tf.setBackend('cpu');
  });

  it("tfjs's own refuse a [2, 1] input broadcast against [2, 3]", () => {
    const stock = tf.getGradient('Maximum');
    assert.ok(stock);
    const gradients = stock.gradFunc(tf.ones([2, 3]), [tf.zeros([2, 3]), tf.ones([2, 1])], {});
    // The gradient it gives the [2, 1] input has the broadcast shape.
    assert.deepEqual((gradients.b as () => tf.Tensor)().shape, [2, 3]);
  });

  it('sum the gradient back to each input: the elements where it was the maximum, or the minimum', async () => {
    installBroadcastingGradients();
    const a = tf.tensor2d([
      [1, 5, 3],
      [0, 0, 9],
    ]);
    const b = tf.tensor2d([[4], [2]]);
    const [maxA, maxB] = tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.sum(tf.maximum(x, y)))([a, b]);
    assert.deepEqual(await maxA?.array(), [
      [0, 1, 0],
      [0, 0, 1],
    ]);
    // b wins where it is strictly larger (a tie goes to the first input, as in tfjs).
    assert.deepEqual(await maxB?.array(), [[2], [2]]);
    const [minA, minB] = tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.sum(tf.minimum(x, y)))([a, b]);
    assert.deepEqual(await minA?.array(), [
      [1, 0, 1],
      [1, 1, 0],
    ]);
    assert.deepEqual(await minB?.array(), [[1], [1]]);
    // Inputs of one shape keep tfjs's results.
    const [sameA, sameB] = tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.sum(tf.maximum(x, y)))([tf.tensor1d([1, 2]), tf.tensor1d([2, 2])]);
    assert.deepEqual(await sameA?.array(), [0, 1]);
    assert.deepEqual(await sameB?.array(), [1, 0]);
  });
});
