// The training loop on real MNIST subsets: it learns, Keras's validation split, seeded
// repeatability, stop within one batch, no tensor growth, refusals with clear messages.
import * as tf from '@tensorflow/tfjs';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { EngineError } from '../../src/engine/errors';
import type { RunMetrics, TrainEvent } from '../../src/protocol/engine';
import { train, validationSplitIndex } from '../../src/engine/train';
import { idxImagesBytes, SUBSET_DATASET, tempDir, writeMnistSubset } from './idx-files';
import { mlpText, writeSpec } from './specs';

function collect(): { events: TrainEvent[]; onEvent: (event: TrainEvent) => void } {
  const events: TrainEvent[] = [];
  return { events, onEvent: (event) => events.push(event) };
}

function only<T extends TrainEvent['type']>(events: TrainEvent[], type: T): Extract<TrainEvent, { type: T }>[] {
  return events.filter((event): event is Extract<TrainEvent, { type: T }> => event.type === type);
}

describe('training', () => {
  it('learns: well above chance after one epoch on 5,000 MNIST samples (wasm)', async () => {
    const dir = tempDir();
    const specFile = writeSpec(dir, mlpText({ seed: 1 }));
    const { events, onEvent } = collect();
    const result = await train({ specFile, trainLimit: 5000, testLimit: 2000 }, onEvent);
    assert.equal(result.status, 'completed');
    assert.equal(result.backend, 'wasm');
    assert.equal(result.epochs.length, 1);
    assert.ok(result.test !== undefined && result.test.accuracy > 0.8, `test accuracy ${result.test?.accuracy}`);
    assert.ok((result.epochs[0].valAccuracy ?? 0) > 0.8, `validation accuracy ${result.epochs[0].valAccuracy}`);
    assert.deepEqual(
      [...new Set(events.map((event) => event.type))],
      ['backend', 'start', 'batch', 'epoch', 'evaluation', 'done'],
    );
    const start = only(events, 'start')[0];
    assert.deepEqual([start.trainSamples, start.validationSamples, start.batchesPerEpoch], [4000, 1000, 125]);
    const batches = only(events, 'batch');
    assert.equal(batches.at(-1)?.batch, 125, 'the last batch of an epoch is always reported');
    assert.ok(batches.length <= 125);
    assert.equal(only(events, 'evaluation')[0].result.samples, 2000);

    const metrics = JSON.parse(readFileSync(join(result.runDir, 'metrics.json'), 'utf8')) as RunMetrics;
    assert.equal(metrics.status, 'completed');
    assert.equal(metrics.model, 'TestMLP');
    assert.equal(metrics.config.seed, 1);
    assert.deepEqual(metrics.history, result.epochs);
    assert.equal(metrics.test?.accuracy, result.test?.accuracy);
    assert.ok(result.runDir.startsWith(join(dir, '.dnn', 'runs', 'TestMLP')));
    assert.ok(existsSync(join(result.runDir, 'model.json')) && existsSync(join(result.runDir, 'weights.bin')));
  });

  it("validates on the LAST fraction of the training data, taken before shuffling (Keras)", async () => {
    assert.equal(validationSplitIndex(60000, 0.2), 48000);
    assert.equal(validationSplitIndex(10, 0.25), 7);
    assert.equal(validationSplitIndex(5000, 0), 5000);
    // The last 1,000 of 5,000 samples get wrong labels (digit + 1). Trained on the first
    // 4,000 only, the model is right on real digits and wrong on exactly those labels; if
    // validation came from anywhere else, or were shuffled in, this could not happen.
    const dir = tempDir();
    mkdirSync(join(dir, 'data'));
    writeMnistSubset(join(dir, 'data'), 5000, 500, (index, label) => (index >= 4000 ? (label + 1) % 10 : label));
    const specFile = writeSpec(dir, mlpText({ dataset: SUBSET_DATASET, seed: 3, epochs: 2 }));
    const { events, onEvent } = collect();
    const result = await train({ specFile }, onEvent);
    const start = only(events, 'start')[0];
    assert.deepEqual([start.trainSamples, start.validationSamples], [4000, 1000]);
    const last = result.epochs[1];
    assert.ok(last.accuracy > 0.8, `training accuracy ${last.accuracy}`);
    assert.ok((last.valAccuracy ?? 1) < 0.1, `validation accuracy on relabelled samples ${last.valAccuracy}`);
    assert.ok((result.test?.accuracy ?? 0) > 0.8, `test accuracy ${result.test?.accuracy}`);
  });

  it('repeats a seeded run exactly (shuffle, initial weights and dropout), and a new seed differs', async () => {
    const dir = tempDir();
    const specFile = writeSpec(dir, mlpText({ dropout: 0.3, epochs: 2, batchSize: 50, seed: 7 }));
    const options = { specFile, trainLimit: 1000, testLimit: 200 };
    const first = await train(options);
    const second = await train(options);
    const third = await train({ ...options, seed: 8 });
    const history = (result: typeof first) => result.epochs.map(({ loss, accuracy, valLoss, valAccuracy }) => ({ loss, accuracy, valLoss, valAccuracy }));
    assert.deepEqual(history(second), history(first));
    assert.deepEqual(second.test, first.test);
    assert.notDeepEqual(history(third), history(first));
    assert.notEqual(second.runDir, first.runDir);
  });

  it('stops after the batch in progress and still writes the run, marked stopped', async () => {
    const dir = tempDir();
    const specFile = writeSpec(dir, mlpText({ epochs: 3 }));
    const { events, onEvent } = collect();
    let stopAsked = false;
    const result = await train(
      { specFile, trainLimit: 3000, backend: 'cpu' },
      (event) => {
        onEvent(event);
        if (event.type === 'batch') stopAsked = true;
      },
      () => stopAsked,
    );
    assert.equal(result.status, 'stopped');
    assert.deepEqual(only(events, 'stopped'), [{ type: 'stopped', runDir: result.runDir, epoch: 1, batch: 1 }]);
    assert.equal(only(events, 'evaluation').length, 0);
    assert.equal(result.test, undefined);
    const metrics = JSON.parse(readFileSync(join(result.runDir, 'metrics.json'), 'utf8')) as RunMetrics;
    assert.equal(metrics.status, 'stopped');
    assert.ok(existsSync(join(result.runDir, 'weights.bin')));
  });

  it('keeps the tensor count flat from epoch to epoch and frees everything at the end', async () => {
    const dir = tempDir();
    const specFile = writeSpec(dir, mlpText({ epochs: 4, batchSize: 100, dropout: 0.2 }));
    const before = tf.memory().numTensors;
    const counts: number[] = [];
    await train({ specFile, trainLimit: 600, testLimit: 100 }, (event) => {
      if (event.type === 'epoch') counts.push(tf.memory().numTensors);
    });
    assert.equal(counts.length, 4);
    assert.deepEqual(counts, new Array(4).fill(counts[0]));
    assert.equal(tf.memory().numTensors, before);
  });

  it('trains a small CNN on wasm: 28x28x1 input, batch normalisation, integer labels for a sparse loss', async () => {
    const dir = tempDir();
    const specFile = writeSpec(
      dir,
      [
        'model SmallCNN {',
        '    Input(shape=[28, 28, 1])',
        '    Conv2D(8, 3, activation=relu)',
        '    BatchNormalization()',
        '    MaxPooling2D(2)',
        '    Flatten()',
        '    Dense(10, activation=softmax)',
        '}',
        'compile {',
        '    optimizer = sgd(learning_rate=0.05, momentum=0.9)',
        '    loss = sparse_categorical_crossentropy',
        '}',
        'fit {',
        '    epochs = 3',
        '    batch_size = 32',
        '    validation_split = 0.1',
        '    seed = 11',
        '}',
      ].join('\n'),
    );
    const counts: number[] = [];
    const result = await train({ specFile, trainLimit: 1000, testLimit: 300 }, (event) => {
      if (event.type === 'epoch') counts.push(tf.memory().numTensors);
    });
    assert.equal(result.backend, 'wasm');
    assert.deepEqual(counts, new Array(3).fill(counts[0]));
    assert.ok((result.test?.accuracy ?? 0) > 0.5, `test accuracy ${result.test?.accuracy}`);
  });

  it('refuses a spec with errors, naming them with line:column, and makes no run folder', async () => {
    const dir = tempDir();
    const specFile = writeSpec(dir, mlpText({ activation: 'rellu' }));
    await assert.rejects(train({ specFile, trainLimit: 100 }), (error: unknown) => {
      assert.ok(error instanceof EngineError);
      assert.equal(error.kind, 'failure');
      assert.match(error.message, /^model\.dnn has 1 error; fix it before training:\n {2}model\.dnn:3:26: DNN\d+ .*rellu/);
      return true;
    });
    assert.equal(existsSync(join(dir, '.dnn')), false);
  });

  it('reports a corrupt data file by name and leaves no half-made run behind', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'data'));
    writeMnistSubset(join(dir, 'data'), 100, 10);
    writeFileSync(join(dir, 'data', 'train-images'), idxImagesBytes(100, 28, 28).subarray(0, 5000));
    const specFile = writeSpec(dir, mlpText({ dataset: SUBSET_DATASET }));
    await assert.rejects(train({ specFile }), {
      name: 'EngineError',
      message: 'train-images: truncated: header says 100 images of 28x28 (78,416 bytes) but the file has 5,000 bytes',
    });
    assert.deepEqual(existsSync(join(dir, '.dnn', 'runs')) ? readdirSync(join(dir, '.dnn', 'runs', 'TestMLP')) : [], []);
  });

  it('refuses bad options and a missing file as input errors', async () => {
    const dir = tempDir();
    const specFile = writeSpec(dir, mlpText());
    await assert.rejects(train({ specFile, epochs: 0 }), (error: unknown) => error instanceof EngineError && error.kind === 'input' && /epochs must be a whole number of at least 1, got 0/.test(error.message));
    await assert.rejects(train({ specFile: join(dir, 'missing.dnn') }), (error: unknown) => error instanceof EngineError && error.kind === 'input' && /missing\.dnn: no such file/.test(error.message));
  });
});
