// `dnn predict` as a user runs it: a real process, a model trained for the test, real MNIST
// test digits written as PNG and JPEG files the way a scan or photo looks (dark on light,
// enlarged, off-centre), the exact --json shape of issue 11, class names from the spec,
// and clear refusals.
import * as tf from '@tensorflow/tfjs';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { initBackend } from '../../src/engine/backend';
import { readIdxImages, readIdxLabels } from '../../src/engine/data/idx';
import { mnistFiles } from '../../src/engine/data/mnist';
import { saveModel } from '../../src/engine/saved-model';
import { tempDir } from './idx-files';
import { mlpText, writeSpec } from './specs';

const root = join(__dirname, '..', '..');
const cli = join(root, 'src', 'cli', 'dnn.ts');
const digitNames = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];

function dnn(args: string[]) {
  const run = spawnSync(process.execPath, ['--import', 'tsx', cli, ...args], { cwd: root, encoding: 'utf8', timeout: 300_000 });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** MNIST test digit `index` as black ink on white paper, 4x larger, at (x, y) of a 200x160 page: RGBA. */
function page(pixels: Uint8Array, index: number, x: number, y: number) {
  const [width, height, scale] = [200, 160, 4];
  const data = Buffer.alloc(width * height * 4, 255);
  for (let py = 0; py < 28 * scale; py++) {
    for (let px = 0; px < 28 * scale; px++) {
      const ink = pixels[index * 784 + Math.floor(py / scale) * 28 + Math.floor(px / scale)];
      const at = 4 * ((y + py) * width + x + px);
      data.fill(255 - ink, at, at + 3);
    }
  }
  return { width, height, data };
}

describe('dnn predict', () => {
  let dir: string;
  let specFile: string;
  let images: string[];
  let labels: number[];

  before(async () => {
    dir = tempDir();
    const names = `[${digitNames.map((n) => `"${n}"`).join(', ')}]`;
    specFile = writeSpec(dir, mlpText({ epochs: 2, seed: 3 }).replace('fit {\n', `fit {\n    class_names = ${names}\n`));
    const trained = dnn(['train', specFile, '--train-limit', '6000', '--backend', 'cpu', '--json']);
    assert.equal(trained.code, 0, trained.stderr);
    // The test results carry the names, so the results panel (and any reader of metrics.json) shows them.
    const metrics = JSON.parse(readFileSync(join(JSON.parse(trained.stdout).runDir, 'metrics.json'), 'utf8'));
    assert.deepEqual(metrics.test.classNames, digitNames);
    const files = mnistFiles();
    const pixels = (await readIdxImages(files.testImages)).pixels;
    const allLabels = (await readIdxLabels(files.testLabels)).labels;
    images = [];
    labels = [];
    for (let index = 0; index < 12; index++) {
      const image = page(pixels, index, 20 + 6 * index, 10 + 3 * index);
      const file = join(dir, `digit-${index}.${index % 2 === 0 ? 'png' : 'jpg'}`);
      if (index % 2 === 0) {
        const png = new PNG({ width: image.width, height: image.height });
        image.data.copy(png.data);
        writeFileSync(file, PNG.sync.write(png));
      } else {
        writeFileSync(file, jpeg.encode(image, 90).data);
      }
      images.push(file);
      labels.push(allLabels[index]);
    }
  });

  it('--json: the top 3 classes of each PNG and JPEG image, by the names of class_names; mostly right', { timeout: 300_000 }, () => {
    const predicted = dnn(['predict', specFile, ...images.flatMap((image) => ['--image', image]), '--json']);
    assert.equal(predicted.code, 0, predicted.stderr);
    const { predictions } = JSON.parse(predicted.stdout);
    assert.equal(predictions.length, images.length);
    let right = 0;
    for (const [i, prediction] of predictions.entries()) {
      assert.deepEqual(Object.keys(prediction), ['image', 'top']);
      assert.equal(prediction.image, images[i]);
      assert.equal(prediction.top.length, 3);
      for (const entry of prediction.top) assert.deepEqual(Object.keys(entry), ['class', 'probability']);
      const probabilities = prediction.top.map((entry: { probability: number }) => entry.probability);
      assert.deepEqual(probabilities, [...probabilities].sort((a, b) => b - a));
      assert.ok(probabilities.reduce((a: number, b: number) => a + b, 0) <= 1 + 1e-5);
      assert.ok(prediction.top.every((entry: { class: string }) => digitNames.includes(entry.class)));
      if (prediction.top[0].class === digitNames[labels[i]]) right++;
    }
    // About 0.93 test accuracy: 12 unseen digits, photographed, should mostly come out right.
    assert.ok(right >= 9, `${right} of ${images.length} right`);

    const text = dnn(['predict', specFile, '--image', images[0]]);
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /^.*digit-0\.png: (\w+) \(\d+\.\d%\), (\w+) \(\d+\.\d%\), (\w+) \(\d+\.\d%\)\n$/);
  });

  it('says clearly when an image is not an image, the model is not of 28x28 images, or --image is missing', { timeout: 300_000 }, async () => {
    const notImage = join(dir, 'notes.png');
    writeFileSync(notImage, 'hello');
    const refused = dnn(['predict', specFile, '--image', notImage]);
    assert.equal(refused.code, 2);
    assert.equal(refused.stderr, 'dnn predict: notes.png is not a PNG or JPEG image\n');
    const missing = dnn(['predict', specFile, '--image', join(dir, 'nowhere.jpg')]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /^dnn predict: cannot read .*nowhere\.jpg: no such file\n$/);

    await initBackend('cpu');
    const otherRun = join(dir, 'other-run');
    mkdirSync(otherRun);
    const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [32, 32, 3], units: 10, activation: 'softmax' })] });
    await saveModel(model, otherRun);
    model.dispose();
    const wrongInput = dnn(['predict', specFile, '--image', images[0], '--run', otherRun]);
    assert.equal(wrongInput.code, 2);
    assert.match(wrongInput.stderr, /takes input \[32, 32, 3\]; predictions need a model of 28x28 grey images: Input\(shape=\[784\]\), \[28, 28\] or \[28, 28, 1\]\n$/);

    const noImage = dnn(['predict', specFile]);
    assert.equal(noImage.code, 2);
    assert.match(noImage.stderr, /missing --image PATH/);
  });
});
