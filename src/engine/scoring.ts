// Loss and accuracy of a model over a whole sample set (validation or test), in chunks of
// CHUNK samples: one large forward pass per chunk instead of many small batches (on wasm
// each batch slice would copy the whole source tensor).
import * as tf from '@tensorflow/tfjs';
import type { BuiltModel } from './build-model';
import { encodeLabels } from './data/dataset';
import type { DenseGradients } from './fast/dense-gradients';

const CHUNK = 1000;

export interface SetScore {
  /** Mean per-sample loss. */
  loss: number;
  accuracy: number;
  /** count × classes model outputs, when asked for. */
  outputs?: Float32Array;
}

export interface ScoreOptions {
  /** Return the model's outputs too. */
  keepOutputs?: boolean;
  /** The Dense fast path of this model, when it has one: its forward pass (our SIMD kernels) instead of tfjs's. */
  fastGradients?: DenseGradients;
}

/**
 * Scores `labels.length` samples whose scaled pixels are `inputs` (row-major, one sample after
 * the other). Inference mode: dropout off, batch normalisation with its moving statistics.
 */
export function scoreSamples(built: BuiltModel, inputs: Float32Array, labels: Uint8Array, { keepOutputs = false, fastGradients }: ScoreOptions = {}): SetScore {
  const { model, encoding } = built;
  const count = labels.length;
  const sampleSize = inputs.length / Math.max(count, 1);
  const classes = encoding.classes;
  const outputs = keepOutputs ? new Float32Array(count * classes) : undefined;
  let lossSum = 0;
  let correct = 0;
  for (let start = 0; start < count; start += CHUNK) {
    const size = Math.min(CHUNK, count - start);
    const chunkLabels = labels.subarray(start, start + size);
    const x = tf.tensor(inputs.subarray(start * sampleSize, (start + size) * sampleSize), [size, ...encoding.inputShape]);
    const y = tf.tensor(encodeLabels(chunkLabels, encoding), encoding.labels === 'integer' ? [size] : [size, classes]);
    let predictions: Float32Array;
    try {
      if (fastGradients) {
        const score = fastGradients.evaluate(x, y);
        lossSum += score.loss * size;
        predictions = score.predictions;
      } else {
        const [lossTensor, predictionTensor] = tf.tidy(() => {
          const prediction = model.apply(x, { training: false }) as tf.Tensor;
          return [tf.sum(built.loss(y, prediction)), prediction];
        });
        lossSum += (lossTensor.dataSync() as Float32Array)[0];
        predictions = predictionTensor.dataSync() as Float32Array;
        tf.dispose([lossTensor, predictionTensor]);
      }
    } finally {
      tf.dispose([x, y]);
    }
    correct += countCorrect(predictions, chunkLabels, classes);
    outputs?.set(predictions, start * classes);
  }
  return { loss: count > 0 ? lossSum / count : 0, accuracy: count > 0 ? correct / count : 0, outputs };
}

/** How many rows of `predictions` (classes wide) have their largest value at the label. */
export function countCorrect(predictions: Float32Array, labels: Uint8Array, classes: number): number {
  let correct = 0;
  for (let i = 0; i < labels.length; i++) {
    if (argMax(predictions, i * classes, classes) === labels[i]) correct++;
  }
  return correct;
}

/** Index (0-based, relative to `offset`) of the largest of `length` values starting at `offset`. */
export function argMax(values: Float32Array, offset: number, length: number): number {
  let best = 0;
  for (let j = 1; j < length; j++) {
    if (values[offset + j] > values[offset + best]) best = j;
  }
  return best;
}
