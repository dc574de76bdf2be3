// Stock TensorFlow.js: `model.fit` on the article's MLP and data, on the wasm backend as
// shipped (no kernel fixes) or the cpu backend. A whole epoch takes minutes on cpu, so we
// time `batches` steady-state batches of a real epoch over the full 48,000-image tensor
// (from the end of its first batch) and scale to the epoch's 375 batches.
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadMnistTraining, TRAIN_SAMPLES } from './mnist';

export interface StockFit {
  secondsPerBatch: number;
  batchesTimed: number;
}

export async function measureStockFit(backend: 'wasm' | 'cpu', batches: number): Promise<StockFit> {
  if (backend === 'wasm') setWasmPaths(join(__dirname, '..', '..', '..', 'node_modules', '@tensorflow', 'tfjs-backend-wasm', 'dist') + '/');
  tf.enableProdMode();
  if (!(await tf.setBackend(backend))) throw new Error(`the ${backend} backend did not start`);
  await tf.ready();

  const data = await loadMnistTraining();
  const xs = tf.tensor2d(data.pixels.subarray(0, TRAIN_SAMPLES * 784), [TRAIN_SAMPLES, 784]);
  const ys = tf.tensor2d(data.oneHot.subarray(0, TRAIN_SAMPLES * 10), [TRAIN_SAMPLES, 10]);
  const model = tf.sequential({
    layers: [
      tf.layers.dense({ inputShape: [784], units: 64, activation: 'relu' }),
      tf.layers.dense({ units: 64, activation: 'relu' }),
      tf.layers.dense({ units: 10, activation: 'softmax' }),
    ],
  });
  model.compile({ optimizer: tf.train.adam(0.001), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });

  // Warm-up: a few batches so compilation and first-call costs are out of the timing.
  await fitBatches(model, xs, ys, 3);
  const ends = await fitBatches(model, xs, ys, batches + 1);
  return { secondsPerBatch: (ends[batches] - ends[0]) / 1000 / batches, batchesTimed: batches };
}

/** Runs model.fit for one epoch and stops it after `count` batches; returns when each batch ended (ms). */
async function fitBatches(model: tf.Sequential, xs: tf.Tensor, ys: tf.Tensor, count: number): Promise<number[]> {
  const ends: number[] = [];
  await model.fit(xs, ys, {
    batchSize: 128,
    epochs: 1,
    shuffle: true,
    verbose: 0,
    callbacks: {
      onBatchEnd: async () => {
        ends.push(performance.now());
        if (ends.length >= count) model.stopTraining = true;
      },
    },
  });
  return ends;
}
