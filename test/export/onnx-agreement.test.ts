// Done-means of issue 9 for ONNX: a run trained by dnn, exported with `dnn export`'s own code,
// run by ONNX Runtime on the 10,000 MNIST test images, predicts as dnn does (the same class for
// all but a handful, outputs within 1e-4), for the article's MLP, examples/mnist-cnn.dnn, the
// residual examples/mnist-resnet.dnn and a
// model with BatchNormalization, Dropout and `same` padding with stride 2. Short training on a
// subset: agreement, not accuracy, is what is measured.
import assert from 'node:assert/strict';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { train } from '../../src/engine/train';
import { runExport } from '../../src/export/run-export';
import { tempDir } from '../engine/idx-files';
import { checkOnnx, runOnnx } from './onnx-support';
import { agreement, dnnPredictions } from './reference';

const root = join(__dirname, '..', '..');

const models: [string, string][] = [
  ["the article's MLP", join(root, 'examples', 'mnist-mlp.dnn')],
  ['examples/mnist-cnn.dnn', join(root, 'examples', 'mnist-cnn.dnn')],
  ['the residual example, examples/mnist-resnet.dnn (a graph)', join(root, 'examples', 'mnist-resnet.dnn')],
  ['BatchNormalization, Dropout, same padding with stride 2', join(__dirname, 'fixtures', 'mnist-bn.dnn')],
];

describe('ONNX export agrees with dnn on the MNIST test set', { timeout: 900_000 }, () => {
  for (const [title, source] of models) {
    it(title, { timeout: 300_000 }, async (t) => {
      const dir = tempDir('dnn-onnx-agreement-');
      const specFile = join(dir, 'model.dnn');
      copyFileSync(source, specFile);
      const { runDir } = await train({ specFile, epochs: 1, trainLimit: 3000, testLimit: 10, seed: 1 });
      const { files } = await runExport({ specFile, format: 'onnx' });
      assert.equal(files.length, 1);
      checkOnnx(files[0]);

      const reference = await dnnPredictions(specFile, runDir);
      assert.equal(reference.count, 10000);
      const outputs = await runOnnx(files[0], reference.inputs, reference.count, reference.spec.inputShape);
      const { maxAbsDiff, mismatchedClasses } = agreement(reference, outputs);
      t.diagnostic(`${title}: max abs diff ${maxAbsDiff.toExponential(2)}, ${mismatchedClasses} of 10000 classes differ`);
      assert.ok(maxAbsDiff < 1e-4, `max abs diff ${maxAbsDiff}`);
      assert.ok(mismatchedClasses <= 5, `${mismatchedClasses} predicted classes differ`);
    });
  }
});
