// The engine's training step on one real MNIST batch, for the step benchmarks (cnn-step.ts)
// and the per-kernel profile (profile-step.ts): its model builder, tfjs autodiff with
// src/engine/fast's kernels and its weight updater, on the first `batch` training images.
import * as tf from '@tensorflow/tfjs';
import { buildModel } from '../../../src/engine/build-model';
import { createWeightUpdater } from '../../../src/engine/optimizer';
import { SeededRandom } from '../../../src/engine/rng';
import { specFromText } from '../../../src/engine/spec-file';
import { loadMnistTraining } from './mnist';

/** One step of the model of `specText` (a 28x28x1 image model); call it as often as needed. */
export async function autodiffStep(specText: string, specFile: string, batch: number): Promise<() => void> {
  const spec = specFromText(specText, specFile);
  const built = buildModel(spec, new SeededRandom(1));
  const updater = createWeightUpdater(spec);
  const variables = built.model.trainableWeights.map((w) => w.read() as tf.Variable);
  const data = await loadMnistTraining();
  const xs = tf.tensor4d(data.pixels.subarray(0, batch * 784), [batch, 28, 28, 1]);
  const ys = tf.tensor2d(data.oneHot.subarray(0, batch * 10), [batch, 10]);
  return () => {
    const { value, grads } = tf.variableGrads(() => tf.mean(built.loss(ys, built.model.apply(xs, { training: true }) as tf.Tensor)) as tf.Scalar, variables);
    updater.apply(variables, variables.map((v) => grads[v.name]));
    value.dataSync();
    tf.dispose([value, ...Object.values(grads)]);
  };
}
