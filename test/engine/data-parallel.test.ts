// The data-parallel loop (two threads, gradients met in shared memory) against the single
// loop on real MNIST: the same weights after 1 and 5 steps (an odd-sized last batch among
// them) for the Dense fast path (with the fused Adam, each rank updating its part of the
// weights, and with a tfjs optimizer), a Conv2D model and the residual graph example; the same
// seed repeats exactly (dropout included); stop mid-epoch; a thread that dies or fails ends
// the run with a clear error instead of a hang.
import * as tf from '@tensorflow/tfjs';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { EpochBatches } from '../../src/engine/batches';
import { buildModel } from '../../src/engine/build-model';
import { EngineError } from '../../src/engine/errors';
import { createDenseGradients } from '../../src/engine/fast/dense-gradients';
import { dataParallelBlocker, dataParallelLoop } from '../../src/engine/loop/data-parallel-loop';
import { singleThreadLoop } from '../../src/engine/loop/single-thread-loop';
import type { LoopOutcome, StopCheck, TrainingLoop } from '../../src/engine/loop/training-loop';
import { createWeightUpdater } from '../../src/engine/optimizer';
import { SeededRandom } from '../../src/engine/rng';
import { specFromText } from '../../src/engine/spec-file';
import type { ModelSpec } from '../../src/language/types';
import type { EpochRecord } from '../../src/protocol/engine';
import { assertClose, mnistBatch, specText, useBackend } from './fast-support';
import { mlpText } from './specs';

const MLP = mlpText({ hidden: 32 });
const CNN = specText('[28, 28, 1]', ['Conv2D(8, 3, activation=relu)', 'MaxPooling2D(2)', 'Conv2D(8, 3, activation=relu)', 'Flatten()', 'Dense(10, activation=softmax)']);
const RESNET = readFileSync(join(__dirname, '..', '..', 'examples', 'mnist-resnet.dnn'), 'utf8');
const WITH_DROPOUT = specText('[28, 28, 1]', ['Conv2D(4, 3, activation=relu)', 'Flatten()', 'Dropout(0.5)', 'Dense(10, activation=softmax)']);
const FAILING_THREAD = join(__dirname, 'share-thread-that-fails.ts');

interface Trained {
  weights: Float32Array[];
  outcome: LoopOutcome;
  history: EpochRecord[];
}

interface Run {
  /** The loop to train the spec's model with. */
  loop: (spec: ModelSpec) => TrainingLoop;
  /** Training samples (the first of MNIST); the batches of 16 end with an odd one unless a multiple. */
  samples: number;
  batchSize?: number;
  seed?: number;
  shouldStop?: StopCheck;
}

/** Trains `text`'s model for one epoch on `samples` MNIST images with `loop`; validation on 45 others. */
async function trainOnce(text: string, run: Run): Promise<Trained> {
  const spec = specFromText(text, '/virtual/model.dnn');
  const random = new SeededRandom(run.seed ?? 7);
  const built = buildModel(spec, random);
  const updater = createWeightUpdater(spec);
  try {
    const train = mnistBatch(run.samples);
    const validation = mnistBatch(45, 1000);
    const batches = new EpochBatches(train.pixels, train.labels, built.encoding, run.batchSize ?? 16);
    const history: EpochRecord[] = [];
    const outcome = await run.loop(spec).run({
      built,
      updater,
      fastGradients: createDenseGradients(spec, built.model),
      batches,
      validation: { inputs: validation.pixels, labels: validation.labels },
      epochs: 1,
      shuffle: true,
      random,
      onEvent: (event) => (event.type === 'epoch' ? history.push(event) : undefined),
      shouldStop: run.shouldStop ?? (() => false),
    });
    const weights = built.model.trainableWeights.map((weight) => Float32Array.from(weight.read().dataSync() as Float32Array));
    return { weights, outcome, history };
  } finally {
    built.model.dispose();
    updater.dispose();
  }
}

const singleLoop = (): TrainingLoop => singleThreadLoop;
const parallel =
  (threadFile?: string) =>
  (spec: ModelSpec): TrainingLoop =>
    dataParallelLoop({ spec, ranks: 2, threadFile });

async function compareLoops(text: string, samples: number): Promise<void> {
  const single = await trainOnce(text, { loop: singleLoop, samples });
  const split = await trainOnce(text, { loop: parallel(), samples });
  const steps = Math.ceil(samples / 16);
  split.weights.forEach((w, i) => assertClose(w, single.weights[i], `weight ${i} after ${steps} step(s)`, 0, 2e-5 * steps));
  const [a, b] = [split.history[0], single.history[0]];
  assertClose([a.loss, a.valLoss ?? NaN], [b.loss, b.valLoss ?? NaN], `losses after ${steps} step(s)`, 1e-4);
  assert.equal(a.accuracy, b.accuracy, 'training accuracy');
  assert.equal(a.valAccuracy, b.valAccuracy, 'validation accuracy');
}

describe('the data-parallel loop', { timeout: 600_000 }, () => {
  before(async () => {
    // One thread, as the coordinator has in a run (and the single loop with --threads 1).
    await useBackend('wasm');
  });

  for (const [name, text] of [
    ['the Dense fast path (MLP)', MLP],
    ['a tfjs optimizer (rmsprop: every rank applies the whole update)', mlpText({ hidden: 32, optimizer: 'rmsprop' })],
    ['a Conv2D model', CNN],
    ['the residual graph example', RESNET],
  ] as const) {
    it(`${name}: the single loop's weights after 1 step (odd batch of 15) and 5 steps (last batch 13)`, async () => {
      await compareLoops(text, 15);
      await compareLoops(text, 4 * 16 + 13);
    });
  }

  it('repeats exactly with the same seed (dropout masks included) and differs with another', async () => {
    const first = await trainOnce(WITH_DROPOUT, { loop: parallel(), samples: 50, seed: 3 });
    const again = await trainOnce(WITH_DROPOUT, { loop: parallel(), samples: 50, seed: 3 });
    const other = await trainOnce(WITH_DROPOUT, { loop: parallel(), samples: 50, seed: 4 });
    first.weights.forEach((w, i) => assert.deepEqual(again.weights[i], w, `weight ${i}`));
    assert.notDeepEqual(other.weights[0], first.weights[0]);
  });

  it('stops before the batch after a stop request, with the steps so far applied', async () => {
    const afterTwoBatches = (): StopCheck => {
      let polls = 0;
      return () => ++polls > 2;
    };
    const stopped = await trainOnce(MLP, { loop: parallel(), samples: 80, shouldStop: afterTwoBatches() });
    assert.deepEqual(stopped.outcome.stopped, { epoch: 1, batch: 2 });
    assert.equal(stopped.history.length, 0);
    const twoSteps = await trainOnce(MLP, { loop: singleLoop, samples: 80, shouldStop: afterTwoBatches() });
    stopped.weights.forEach((w, i) => assertClose(w, twoSteps.weights[i], `weight ${i}`, 0, 4e-5));
  });

  it('ends with a clear error when a thread dies or fails mid-epoch', async () => {
    process.env.DNN_TEST_SHARE_FAILURE = 'exit';
    await assert.rejects(trainOnce(MLP, { loop: parallel(FAILING_THREAD), samples: 80 }), (error: Error) => {
      assert.ok(error instanceof EngineError);
      assert.match(error.message, /^training thread 2 of 2 ended unexpectedly \(exit code 3\)$/);
      return true;
    });
    process.env.DNN_TEST_SHARE_FAILURE = 'throw';
    await assert.rejects(trainOnce(MLP, { loop: parallel(FAILING_THREAD), samples: 80 }), /^EngineError: training thread 2 of 2 failed: the test made this share fail$/);
    delete process.env.DNN_TEST_SHARE_FAILURE;
    assert.equal(tf.getBackend(), 'wasm');
  });

  it('leaves batch normalisation to the single loop, saying why', () => {
    const spec = specFromText(specText('[28, 28, 1]', ['Conv2D(4, 3)', 'BatchNormalization()', 'Flatten()', 'Dense(10, activation=softmax)']), '/virtual/model.dnn');
    assert.match(dataParallelBlocker(spec) ?? '', /BatchNormalization/);
    assert.equal(dataParallelBlocker(specFromText(MLP, '/virtual/model.dnn')), undefined);
  });
});
