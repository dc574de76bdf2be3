// The training loop on the calling thread: each epoch's batches in order, one gradient step
// each (the Dense fast path or tfjs autodiff), then the validation pass (counted in the
// epoch's time, as Keras does). Keras semantics: loss and accuracy are running means over
// the epoch's batches.
import * as tf from '@tensorflow/tfjs';
import { performance } from 'node:perf_hooks';
import type { EpochRecord } from '../../protocol/engine';
import type { BuiltModel } from '../build-model';
import { EngineError } from '../errors';
import type { DenseGradients } from '../fast/dense-gradients';
import type { WeightUpdater } from '../optimizer';
import { countCorrect, scoreSamples } from '../scoring';
import type { LoopOutcome, TrainingLoop, TrainingLoopOptions } from './training-loop';

/** Batch events are throttled to at most one per this many milliseconds (plus each epoch's last). */
const BATCH_EVENT_INTERVAL_MS = 100;
/** The loop gives the event loop a turn at least this often (in milliseconds). */
const YIELD_INTERVAL_MS = 20;

export const singleThreadLoop: TrainingLoop = { run: runEpochs };

async function runEpochs(options: TrainingLoopOptions): Promise<LoopOutcome> {
  const { built, updater, fastGradients, batches, validation, onEvent, shouldStop } = options;
  const variables = built.model.trainableWeights.map((weight) => weight.read() as tf.Variable);
  const classes = built.encoding.classes;
  const history: EpochRecord[] = [];
  const trainingStarted = performance.now();
  let lastBatchEvent = -Infinity;
  let lastYield = -Infinity;
  for (let epoch = 1; epoch <= options.epochs; epoch++) {
    const epochStarted = performance.now();
    batches.prepare(options.shuffle ? options.random : undefined);
    let lossSum = 0;
    let correct = 0;
    let seen = 0;
    for (let index = 0; index < batches.count; index++) {
      // Let the event loop run now and then, so a stop request from a signal handler can
      // arrive (a worker's shared flag needs no turn); a turn per batch would cost ~5% of an epoch.
      if (performance.now() - lastYield >= YIELD_INTERVAL_MS) {
        await new Promise((resolve) => setImmediate(resolve));
        lastYield = performance.now();
      }
      if (shouldStop()) return { history, stopped: { epoch, batch: index } };
      const batch = batches.batch(index);
      let step: { loss: number; predictions: Float32Array };
      try {
        step = trainStep(built, updater, variables, batch.xs, batch.ys, fastGradients);
      } finally {
        // Also when the step throws: the caller (the extension host's worker) lives on.
        tf.dispose([batch.xs, batch.ys]);
      }
      if (!Number.isFinite(step.loss)) {
        throw new EngineError(`the loss became ${step.loss} at epoch ${epoch}, batch ${index + 1}: training diverged; try a smaller learning_rate`);
      }
      lossSum += step.loss * batch.size;
      correct += countCorrect(step.predictions, batch.labels, classes);
      seen += batch.size;
      const now = performance.now();
      if (now - lastBatchEvent >= BATCH_EVENT_INTERVAL_MS || index === batches.count - 1) {
        lastBatchEvent = now;
        onEvent({
          type: 'batch',
          epoch,
          batch: index + 1,
          batchesPerEpoch: batches.count,
          loss: lossSum / seen,
          accuracy: correct / seen,
          elapsedSeconds: (now - trainingStarted) / 1000,
        });
      }
    }
    const record: EpochRecord = { epoch, loss: lossSum / seen, accuracy: correct / seen, seconds: 0 };
    if (validation.labels.length > 0) {
      const score = scoreSamples(built, validation.inputs, validation.labels);
      record.valLoss = score.loss;
      record.valAccuracy = score.accuracy;
    }
    record.seconds = (performance.now() - epochStarted) / 1000;
    history.push(record);
    onEvent({ type: 'epoch', ...record });
  }
  return { history };
}

/** One gradient step; returns the batch's mean loss and the model's outputs (for accuracy). */
function trainStep(built: BuiltModel, updater: WeightUpdater, variables: tf.Variable[], xs: tf.Tensor, ys: tf.Tensor, fastGradients?: DenseGradients): { loss: number; predictions: Float32Array } {
  if (fastGradients) {
    // Same gradients as the autodiff below (tested), from ~10 kernels instead of ~110.
    const step = fastGradients.compute(xs, ys);
    updater.apply(variables, step.grads);
    tf.dispose(step.grads);
    return { loss: step.loss, predictions: step.predictions };
  }
  built.reseedStochasticLayers();
  let output: tf.Tensor | undefined;
  const { value, grads } = tf.variableGrads(() => {
    const prediction = built.model.apply(xs, { training: true }) as tf.Tensor;
    output = tf.keep(prediction);
    return tf.mean(built.loss(ys, prediction)) as tf.Scalar;
  }, variables);
  const gradients = variables.map((variable) => grads[variable.name]);
  updater.apply(variables, gradients);
  const loss = (value.dataSync() as Float32Array)[0];
  const predictions = (output as tf.Tensor).dataSync() as Float32Array;
  tf.dispose([value, output as tf.Tensor, ...gradients]);
  return { loss, predictions };
}
