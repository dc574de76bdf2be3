// One training step of the small CNN of issue 5 (Input 28x28x1, Conv2D(16, 3, relu),
// MaxPooling2D(2), Flatten, Dense(10, softmax)), batch 128 of real MNIST, as the engine runs
// it: its backend setup (wasm with the kernel fixes), its model builder, tfjs autodiff and
// its weight updater (fused Adam).
import * as tf from '@tensorflow/tfjs';
import { performance } from 'node:perf_hooks';
import { initBackend } from '../../../src/engine/backend';
import { buildModel } from '../../../src/engine/build-model';
import { createWeightUpdater } from '../../../src/engine/optimizer';
import { SeededRandom } from '../../../src/engine/rng';
import { specFromText } from '../../../src/engine/spec-file';
import { loadMnistTraining } from './mnist';

const BATCH = 128;

export const SMALL_CNN = `model SmallCNN {
    Input(shape=[28, 28, 1])
    Conv2D(16, 3, activation=relu)
    MaxPooling2D(2)
    Flatten()
    Dense(10, activation=softmax)
}

compile {
    optimizer = adam(learning_rate=0.001)
    loss = categorical_crossentropy
}

fit {
    batch_size = ${BATCH}
}
`;

export async function measureCnnStep(backend: 'wasm' | 'cpu', steps: number): Promise<{ millisecondsPerStep: number }> {
  const choice = await initBackend(backend);
  if (choice.backend !== backend) throw new Error(`the ${backend} backend did not start: ${choice.note}`);
  const spec = specFromText(SMALL_CNN, __filename);
  const built = buildModel(spec, new SeededRandom(1));
  const updater = createWeightUpdater(spec);
  const variables = built.model.trainableWeights.map((w) => w.read() as tf.Variable);
  const data = await loadMnistTraining();
  const xs = tf.tensor4d(data.pixels.subarray(0, BATCH * 784), [BATCH, 28, 28, 1]);
  const ys = tf.tensor2d(data.oneHot.subarray(0, BATCH * 10), [BATCH, 10]);
  const step = () => {
    const { value, grads } = tf.variableGrads(() => tf.mean(built.loss(ys, built.model.apply(xs, { training: true }) as tf.Tensor)) as tf.Scalar, variables);
    updater.apply(variables, variables.map((v) => grads[v.name]));
    value.dataSync();
    tf.dispose([value, ...Object.values(grads)]);
  };
  step(); // warm-up: first calls compile and allocate
  const started = performance.now();
  for (let i = 0; i < steps; i++) step();
  return { millisecondsPerStep: (performance.now() - started) / steps };
}
