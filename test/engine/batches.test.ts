// Epoch batches: every training sample exactly once per epoch, a new seeded order each
// epoch (file order when shuffling is off), the last batch partial, labels encoded for the loss.
import * as tf from '@tensorflow/tfjs';
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { initBackend } from '../../src/engine/backend';
import { EpochBatches } from '../../src/engine/batches';
import { SeededRandom } from '../../src/engine/rng';

/** 10 samples of 2 values: sample i is [i, i + 0.5] with label i % 3. */
const inputs = Float32Array.from({ length: 20 }, (_, k) => Math.floor(k / 2) + (k % 2) * 0.5);
const labels = Uint8Array.from({ length: 10 }, (_, i) => i % 3);
const encoding = { inputShape: [2], classes: 3, labels: 'onehot' as const };

function epochSamples(batches: EpochBatches): number[][] {
  const seen: number[][] = [];
  for (let i = 0; i < batches.count; i++) {
    const batch = batches.batch(i);
    const xs = batch.xs.arraySync() as number[][];
    const ys = batch.ys.arraySync() as number[][];
    xs.forEach((x, row) => {
      assert.equal(x[1], x[0] + 0.5, 'a sample stays whole');
      assert.equal(ys[row].indexOf(1), x[0] % 3, 'its label travels with it');
      assert.equal(batch.labels[row], x[0] % 3);
    });
    seen.push(xs.map((x) => x[0]));
    tf.dispose([batch.xs, batch.ys]);
  }
  return seen;
}

describe('epoch batches', () => {
  before(async () => {
    await initBackend('cpu');
  });

  it('covers every sample once per epoch, with a partial last batch', () => {
    const batches = new EpochBatches(inputs, labels, encoding, 4);
    assert.equal(batches.count, 3);
    const random = new SeededRandom(1);
    batches.orderSamples(random);
    const first = epochSamples(batches);
    assert.deepEqual(first.map((b) => b.length), [4, 4, 2]);
    assert.deepEqual(first.flat().sort((a, b) => a - b), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    batches.orderSamples(random);
    const second = epochSamples(batches);
    assert.deepEqual(second.flat().sort((a, b) => a - b), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    assert.notDeepEqual(second.flat(), first.flat(), 'each epoch has its own order');
  });

  it('keeps file order when shuffling is off, and the same seed gives the same order', () => {
    const batches = new EpochBatches(inputs, labels, encoding, 4);
    batches.orderSamples(undefined);
    assert.deepEqual(epochSamples(batches).flat(), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    batches.orderSamples(new SeededRandom(9));
    const order = [...batches.sampleOrder];
    batches.orderSamples(new SeededRandom(9));
    assert.deepEqual([...batches.sampleOrder], order);
  });

  it('feeds class indices to losses that want them', () => {
    const batches = new EpochBatches(inputs, labels, { ...encoding, labels: 'integer' }, 10);
    batches.orderSamples(undefined);
    const batch = batches.batch(0);
    assert.deepEqual(batch.ys.shape, [10]);
    assert.deepEqual(batch.ys.arraySync(), [0, 1, 2, 0, 1, 2, 0, 1, 2, 0]);
    tf.dispose([batch.xs, batch.ys]);
  });
});
