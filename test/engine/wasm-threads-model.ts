// The model wasm-threads.test.ts checks on every backend: the example CNN's layers
// (two convolution + max-pooling stages, stride 1, valid padding, then Dense layers),
// its gradients by tfjs autodiff for given weights and a batch.
import * as tf from '@tensorflow/tfjs';
import { buildModel } from '../../src/engine/build-model';
import { SeededRandom } from '../../src/engine/rng';
import { specFromText } from '../../src/engine/spec-file';
import { specText } from './fast-support';

export const EXAMPLE_CNN = specText('[28, 28, 1]', ['Conv2D(32, 3, activation=relu)', 'MaxPooling2D(2)', 'Conv2D(64, 3, activation=relu)', 'MaxPooling2D(2)', 'Flatten()', 'Dense(64, activation=relu)', 'Dense(10, activation=softmax)']);

export interface GradientInput {
  /** Weights in the model's order; none: the seeded initial ones. */
  weights?: number[][];
  pixels: number[];
  oneHot: number[];
}

export interface GradientOutcome {
  weights: number[][];
  loss: number;
  grads: number[][];
}

export function cnnGradients(input: GradientInput): GradientOutcome {
  const spec = specFromText(EXAMPLE_CNN, '/virtual/model.dnn');
  const built = buildModel(spec, new SeededRandom(3));
  try {
    if (input.weights) built.model.setWeights(built.model.getWeights().map((w, i) => tf.tensor(input.weights![i], w.shape)));
    const weights = built.model.getWeights().map((w) => Array.from(w.dataSync()));
    const batch = input.oneHot.length / 10;
    const variables = built.model.trainableWeights.map((w) => w.read() as tf.Variable);
    return tf.tidy(() => {
      const xs = tf.tensor(input.pixels, [batch, 28, 28, 1]);
      const ys = tf.tensor(input.oneHot, [batch, 10]);
      const { value, grads } = tf.variableGrads(() => tf.mean(built.loss(ys, built.model.apply(xs, { training: true }) as tf.Tensor)) as tf.Scalar, variables);
      return { weights, loss: value.dataSync()[0], grads: variables.map((v) => Array.from(grads[v.name].dataSync())) };
    });
  } finally {
    built.model.dispose();
  }
}
