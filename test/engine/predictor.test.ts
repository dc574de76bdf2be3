// The prediction worker's protocol: what a request must hold (parsePredictRequest), and the
// real worker (DigitPredictor → worker.ts → predict-server.ts) answering in order, naming its
// classes, refusing a model of other images and a run that is not there, and living on after.
import * as tf from '@tensorflow/tfjs';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it, test } from 'node:test';
import { initBackend } from '../../src/engine/backend';
import { DigitClassifier } from '../../src/engine/predict';
import { parsePredictRequest } from '../../src/engine/predict-messages';
import { DigitPredictor } from '../../src/engine/predictor';
import { saveModel } from '../../src/engine/saved-model';
import { tempDir } from './idx-files';

test('parsePredictRequest: an id, the run folder and 784 grey levels in [0, 1]; anything else says why', () => {
  const pixels = new Float32Array(784).fill(0.5);
  assert.deepEqual(parsePredictRequest({ kind: 'predict', id: 3, runDir: '/r', pixels }), { kind: 'predict', id: 3, runDir: '/r', pixels });
  const why = (value: unknown) => (parsePredictRequest(value) as { invalid?: string }).invalid;
  assert.equal(why({ kind: 'train', id: 1, runDir: '/r', pixels }), 'unknown request "train"');
  assert.equal(why(null), 'unknown request null');
  assert.equal(why({ kind: 'predict', id: 1.5, runDir: '/r', pixels }), 'a predict request needs a whole-number id');
  assert.equal(why({ kind: 'predict', id: 1, pixels }), 'a predict request needs the run folder');
  assert.equal(why({ kind: 'predict', id: 1, runDir: '/r', pixels: new Float32Array(783) }), 'a digit is 784 grey levels');
  assert.equal(why({ kind: 'predict', id: 1, runDir: '/r', pixels: Array.from(pixels) }), 'a digit is 784 grey levels');
  assert.equal(why({ kind: 'predict', id: 1, runDir: '/r', pixels: new Float32Array(784).fill(2) }), 'grey levels are between 0 and 1');
  assert.deepEqual(parsePredictRequest({ kind: 'predict', id: 9, runDir: '/r', pixels: new Float32Array(784).fill(Number.NaN) }), { invalid: 'grey levels are between 0 and 1', id: 9, runDir: '/r' });
});

describe('DigitPredictor: the real worker', () => {
  let digits: string;
  let colour: string;
  let predictor: DigitPredictor;
  const save = async (dir: string, inputShape: number[]) => {
    mkdirSync(dir, { recursive: true });
    const model = tf.sequential({ layers: [tf.layers.flatten({ inputShape }), tf.layers.dense({ units: 10, activation: 'softmax', kernelInitializer: tf.initializers.randomNormal({ stddev: 0.3, seed: 1 }) })] });
    await saveModel(model, dir);
    model.dispose();
  };

  before(async () => {
    await initBackend('cpu');
    const root = tempDir();
    digits = join(root, 'digits');
    colour = join(root, 'colour');
    await save(digits, [28, 28, 1]);
    await save(colour, [32, 32, 3]);
    predictor = new DigitPredictor();
  });
  after(() => predictor.dispose());

  it('answers each request with the probabilities the run model gives, in order, named 0..9 without class_names', { timeout: 120_000 }, async () => {
    const inputs = [0.1, 0.5, 0.9].map((v, i) => new Float32Array(784).map((_, p) => (p % (i + 2) === 0 ? v : 0)));
    const answers = await Promise.all(inputs.map((pixels) => predictor.predict(digits, pixels)));
    const classifier = await DigitClassifier.load(digits);
    try {
      answers.forEach((answer, i) => {
        assert.equal(answer.runDir, digits);
        assert.deepEqual(answer.classNames, ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
        const expected = classifier.probabilities(inputs[i]);
        answer.probabilities.forEach((p, c) => assert.ok(Math.abs(p - expected[c]) < 1e-6));
      });
      assert.deepEqual(answers.map((a) => a.id), [...answers.map((a) => a.id)].sort((a, b) => a - b));
    } finally {
      classifier.dispose();
    }
  });

  it('a model of other images and a missing run are refused in words; the worker still answers afterwards', { timeout: 120_000 }, async () => {
    const pixels = new Float32Array(784);
    await assert.rejects(predictor.predict(colour, pixels), /takes input \[32, 32, 3\]; predictions need a model of 28x28 grey images: Input\(shape=\[784\]\), \[28, 28\] or \[28, 28, 1\]/);
    await assert.rejects(predictor.predict(join(colour, 'nowhere'), pixels), /cannot read .*nowhere\/model\.json: no such file/);
    const again = await predictor.predict(digits, pixels);
    assert.equal(again.probabilities.length, 10);
  });

  it('a graph model (two branches added) answers as its run saved it', { timeout: 120_000 }, async () => {
    const dir = join(tempDir(), 'graph');
    mkdirSync(dir, { recursive: true });
    const input = tf.input({ shape: [28, 28, 1] });
    const flat = tf.layers.flatten().apply(input) as tf.SymbolicTensor;
    const left = tf.layers.dense({ units: 16, activation: 'relu' }).apply(flat) as tf.SymbolicTensor;
    const right = tf.layers.dense({ units: 16 }).apply(flat) as tf.SymbolicTensor;
    const merged = tf.layers.add().apply([left, right]) as tf.SymbolicTensor;
    const output = tf.layers.dense({ units: 10, activation: 'softmax' }).apply(merged) as tf.SymbolicTensor;
    const model = tf.model({ inputs: input, outputs: output });
    await saveModel(model, dir);
    const pixels = new Float32Array(784).map((_, i) => (i % 7 === 0 ? 1 : 0));
    const expected = Array.from((model.predict(tf.tensor(pixels, [1, 28, 28, 1])) as tf.Tensor).dataSync());
    model.dispose();
    const answer = await predictor.predict(dir, pixels);
    answer.probabilities.forEach((p, c) => assert.ok(Math.abs(p - expected[c]) < 1e-6));
  });
});
