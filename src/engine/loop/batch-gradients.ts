// The gradients of one batch, the way both training loops take them: the hand-written Dense
// pass when the model has one, tfjs autodiff (with our kernels) otherwise. The loss is the
// batch's mean, as Keras's; the caller applies (or combines) the gradients and disposes them.
import * as tf from '@tensorflow/tfjs';
import type { BuiltModel } from '../build-model';
import type { DenseGradients } from '../fast/dense-gradients';

export interface BatchGradients {
  /** Mean loss of the batch. */
  loss: number;
  /** The model's outputs, batch x classes (for accuracy). */
  predictions: Float32Array;
  /** Gradient of each trainable variable, in `variables` order. */
  grads: tf.Tensor[];
}

/**
 * Gradients of the mean loss over the batch (`xs`, `ys`). Stochastic layers (dropout) use the
 * seeds they were last given (BuiltModel.seedStochasticLayers).
 */
export function batchGradients(built: BuiltModel, variables: tf.Variable[], xs: tf.Tensor, ys: tf.Tensor, fastGradients?: DenseGradients): BatchGradients {
  // Same gradients as the autodiff below (tested), from ~10 kernels instead of ~110.
  if (fastGradients) return fastGradients.compute(xs, ys);
  let output: tf.Tensor | undefined;
  const { value, grads } = tf.variableGrads(() => {
    const prediction = built.model.apply(xs, { training: true }) as tf.Tensor;
    output = tf.keep(prediction);
    return tf.mean(built.loss(ys, prediction)) as tf.Scalar;
  }, variables);
  const loss = (value.dataSync() as Float32Array)[0];
  const predictions = (output as tf.Tensor).dataSync() as Float32Array;
  tf.dispose([value, output as tf.Tensor]);
  return { loss, predictions, grads: variables.map((variable) => grads[variable.name]) };
}
