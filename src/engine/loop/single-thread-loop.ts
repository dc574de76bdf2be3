// The training loop on the calling thread: each epoch's batches in order, one gradient step
// each (the Dense fast path or tfjs autodiff), then the validation pass (counted in the
// epoch's time, as Keras does). Keras semantics: loss and accuracy are running means over
// the epoch's batches.
import * as tf from '@tensorflow/tfjs';
import type { EpochRecord } from '../../protocol/engine';
import type { BuiltModel } from '../build-model';
import { EngineError } from '../errors';
import type { DenseGradients } from '../fast/dense-gradients';
import type { WeightUpdater } from '../optimizer';
import { countCorrect, scoreSamples } from '../scoring';
import { batchGradients } from './batch-gradients';
import { divergenceMessage, EpochProgress } from './epoch-progress';
import type { LoopOutcome, TrainingLoop, TrainingLoopOptions } from './training-loop';

export const singleThreadLoop: TrainingLoop = { run: runEpochs };

async function runEpochs(options: TrainingLoopOptions): Promise<LoopOutcome> {
  const { built, updater, fastGradients, batches, validation, onEvent, shouldStop } = options;
  const variables = built.model.trainableWeights.map((weight) => weight.read() as tf.Variable);
  const history: EpochRecord[] = [];
  const progress = new EpochProgress(onEvent, batches.count);
  for (let epoch = 1; epoch <= options.epochs; epoch++) {
    progress.startEpoch(epoch);
    batches.orderSamples(options.shuffle ? options.random : undefined);
    for (let index = 0; index < batches.count; index++) {
      await progress.yieldNowAndThen();
      if (shouldStop()) return { history, stopped: { epoch, batch: index } };
      const batch = batches.batch(index);
      let step: { loss: number; predictions: Float32Array };
      try {
        step = trainStep(built, updater, variables, batch.xs, batch.ys, fastGradients);
      } finally {
        // Also when the step throws: the caller (the extension host's worker) lives on.
        tf.dispose([batch.xs, batch.ys]);
      }
      if (!Number.isFinite(step.loss)) throw new EngineError(divergenceMessage(step.loss, epoch, index + 1));
      progress.addBatch(index, step.loss * batch.size, countCorrect(step.predictions, batch.labels, built.encoding.classes), batch.size);
    }
    history.push(progress.finishEpoch(validation.labels.length > 0 ? scoreSamples(built, validation.inputs, validation.labels, { fastGradients }) : undefined));
  }
  return { history };
}

/** One gradient step; returns the batch's mean loss and the model's outputs (for accuracy). */
function trainStep(built: BuiltModel, updater: WeightUpdater, variables: tf.Variable[], xs: tf.Tensor, ys: tf.Tensor, fastGradients?: DenseGradients): { loss: number; predictions: Float32Array } {
  if (!fastGradients) built.seedStochasticLayers(built.drawStochasticSeeds());
  const step = batchGradients(built, variables, xs, ys, fastGradients);
  try {
    updater.apply(variables, step.grads);
  } finally {
    tf.dispose(step.grads);
  }
  return { loss: step.loss, predictions: step.predictions };
}
