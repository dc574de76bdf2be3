// Done means (issue 9) for PyTorch: a run trained by dnn, exported with `dnn export`'s own
// code, run by real PyTorch on the 10,000 MNIST test images, predicts as dnn does — the same
// class for all but a handful, outputs within 1e-4 — for the article's MLP,
// examples/mnist-cnn.dnn, the residual examples/mnist-resnet.dnn (a graph) and a model with BatchNormalization, Dropout and `same` padding with
// stride 2. Short training on a subset: agreement, not accuracy, is what is measured.
import assert from 'node:assert/strict';
import { copyFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { before, describe, it } from 'node:test';
import { train } from '../../src/engine/train';
import { runExport } from '../../src/export/run-export';
import { tempDir } from '../engine/idx-files';
import { agreement, dnnPredictions, type Agreement, type Reference } from './reference';
import { torchOutputs, writeInputs } from './torch-support';

const root = join(__dirname, '..', '..');

const models: [string, string][] = [
  ["the article's MLP", join(root, 'examples', 'mnist-mlp.dnn')],
  ['examples/mnist-cnn.dnn', join(root, 'examples', 'mnist-cnn.dnn')],
  ['the residual example (examples/mnist-resnet.dnn)', join(root, 'examples', 'mnist-resnet.dnn')],
  ['BatchNormalization, Dropout, same padding with stride 2', join(__dirname, 'fixtures', 'mnist-bn.dnn')],
];

const agreements = new Map<string, Agreement>();

describe('PyTorch export agrees with dnn on the MNIST test set (real PyTorch)', { timeout: 900_000 }, () => {
  before(async () => {
    const folders: string[] = [];
    const references: Reference[] = [];
    for (const [, source] of models) {
      const dir = tempDir('dnn-torch-agreement-');
      const specFile = join(dir, 'model.dnn');
      copyFileSync(source, specFile);
      const { runDir } = await train({ specFile, epochs: 1, trainLimit: 3000, testLimit: 10, seed: 1 });
      const { files } = await runExport({ specFile, format: 'pytorch' });
      const folder = dirname(files.find((file) => file.endsWith('model.py')) as string);
      const reference = await dnnPredictions(specFile, runDir);
      assert.equal(reference.count, 10000);
      writeInputs(folder, reference.inputs);
      folders.push(folder);
      references.push(reference);
    }
    // One Python process for all three: importing torch takes seconds on a loaded machine.
    const outputs = torchOutputs(folders);
    models.forEach(([title], i) => agreements.set(title, agreement(references[i], outputs[i])));
  });

  for (const [title] of models) {
    it(title, (t) => {
      const result = agreements.get(title);
      assert.ok(result, 'no result');
      t.diagnostic(`${title}: max abs diff ${result.maxAbsDiff.toExponential(2)}, ${result.mismatchedClasses} of 10000 classes differ`);
      assert.ok(result.maxAbsDiff < 1e-4, `max abs diff ${result.maxAbsDiff}`);
      assert.ok(result.mismatchedClasses <= 5, `${result.mismatchedClasses} predicted classes differ`);
    });
  }
});
