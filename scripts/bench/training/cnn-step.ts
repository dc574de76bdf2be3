// One training step of the small CNN of issue 5 (Input 28x28x1, Conv2D(16, 3, relu),
// MaxPooling2D(2), Flatten, Dense(10, softmax)), batch 128 of real MNIST, as the engine runs
// it: its backend setup (wasm with the kernel fixes), its model builder, tfjs autodiff and
// its weight updater (fused Adam).
import { performance } from 'node:perf_hooks';
import { initBackend } from '../../../src/engine/backend';
import { autodiffStep } from './autodiff-step';

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
  const step = await autodiffStep(SMALL_CNN, __filename, BATCH);
  step(); // warm-up: first calls compile and allocate
  const started = performance.now();
  for (let i = 0; i < steps; i++) step();
  return { millisecondsPerStep: (performance.now() - started) / steps };
}
