// Done means (issue 9): a run trained by dnn, exported to PyTorch, gives the same predictions
// as dnn on the 10,000 MNIST test images — the same class for all but a handful, outputs
// within 1e-4 — run by real PyTorch. Short training on a subset: the weights only need to be
// a real run's, not a good one's.
import * as tf from '@tensorflow/tfjs';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { buildModel } from '../../src/engine/build-model';
import { loadTestSet, scalePixels } from '../../src/engine/data/dataset';
import { SeededRandom } from '../../src/engine/rng';
import { loadSavedWeights } from '../../src/engine/saved-model';
import { loadSpec } from '../../src/engine/spec-file';
import { train } from '../../src/engine/train';
import { pytorchExporter } from '../../src/export/pytorch';
import { tempDir } from '../engine/idx-files';
import { writeSpec } from '../engine/specs';
import { compareOutputs, exportModelOf, torchOutputs, writeInputs, type Agreement } from './torch-support';

const REGULARISED = `# BatchNormalization, Dropout and TF 'same' padding with stride 2 (28 -> 14 -> 7)
model Regularised {
    Input(shape=[28, 28, 1])
    Conv2D(16, 3, strides=2, padding=same, activation=relu)
    BatchNormalization()
    Dropout(0.25)
    Conv2D(32, 3, strides=2, padding=same, activation=relu)
    BatchNormalization(momentum=0.9)
    Flatten()
    Dropout(0.5)
    Dense(10, activation=softmax)
}
compile {
    optimizer = adam
    loss = categorical_crossentropy
    metrics = [accuracy]
}
fit {
    epochs = 1
    batch_size = 64
    validation_split = 0.1
}
`;

interface Model {
  name: string;
  /** The .dnn file, copied or written into the test's folder. */
  file(dir: string): string;
}

const MODELS: Model[] = [
  { name: 'the article MLP (examples/mnist-mlp.dnn)', file: (dir) => copy('examples/mnist-mlp.dnn', dir) },
  { name: 'examples/mnist-cnn.dnn', file: (dir) => copy('examples/mnist-cnn.dnn', dir) },
  { name: 'BatchNormalization, Dropout, same padding with stride 2', file: (dir) => writeSpec(dir, REGULARISED, 'regularised.dnn') },
];

function copy(example: string, dir: string): string {
  const target = join(dir, example.split('/').pop() as string);
  copyFileSync(example, target);
  return target;
}

const agreements = new Map<string, Agreement>();

describe('a dnn run exported to PyTorch predicts as dnn on the 10,000 test images (real PyTorch)', { timeout: 900_000 }, () => {
  before(async () => {
    const folders: string[] = [];
    const expected: Float32Array[] = [];
    for (const model of MODELS) {
      const dir = tempDir('dnn-torch-agree-');
      const specFile = model.file(dir);
      const run = await train({ specFile, epochs: 1, trainLimit: 3000, testLimit: 100, seed: 7 });
      const spec = await loadSpec(specFile);
      const built = buildModel(spec, new SeededRandom(0));
      try {
        await loadSavedWeights(built.model, run.runDir);
        const folder = join(dir, 'pytorch');
        mkdirSync(folder);
        await pytorchExporter.write({ ...exportModelOf(spec, built.model), source: { kind: 'run', runDir: run.runDir } }, folder);
        const test = (await loadTestSet(spec.fit.dataset, specFile)).test;
        const inputs = scalePixels(test.pixels);
        writeInputs(folder, inputs);
        expected.push(tf.tidy(() => (built.model.predict(tf.tensor(inputs, [test.count, ...spec.inputShape]), { batchSize: 500 }) as tf.Tensor).dataSync() as Float32Array));
        folders.push(folder);
      } finally {
        built.model.dispose();
      }
    }
    const outputs = torchOutputs(folders);
    MODELS.forEach((model, i) => agreements.set(model.name, compareOutputs(expected[i], outputs[i], 10)));
  });

  for (const model of MODELS) {
    it(model.name, (t) => {
      const agreement = agreements.get(model.name);
      assert.ok(agreement, 'no result');
      t.diagnostic(`max |tfjs - PyTorch| = ${agreement.maxAbsDiff.toExponential(2)}, ${agreement.mismatchedClasses} of 10000 classes differ`);
      assert.ok(agreement.maxAbsDiff < 1e-4, `max |tfjs - PyTorch| = ${agreement.maxAbsDiff}`);
      assert.ok(agreement.mismatchedClasses <= 5, `${agreement.mismatchedClasses} of 10000 predicted classes differ`);
    });
  }
});
