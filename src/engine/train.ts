// The training loop (our own rather than `model.fit`: it pre-makes each epoch's batches,
// plugs in faster weight updaters, and reports what the CLI and the panel show).
// Keras semantics: the validation set is the LAST `validation_split` of the training data,
// taken before shuffling; the training part is reshuffled every epoch; loss and accuracy
// are running means over the epoch's batches; a seed makes the whole run repeatable.
import * as tf from '@tensorflow/tfjs';
import { rm } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import type { ModelSpec } from '../language/types';
import { initBackend } from './backend';
import { EpochBatches } from './batches';
import { buildModel, type BuiltModel } from './build-model';
import { checkDatasetFitsModel, loadDataset, scalePixels } from './data/dataset';
import { EngineError } from './errors';
import { createDenseGradients, type DenseGradients } from './fast/dense-gradients';
import { createWeightUpdater, type WeightUpdater } from './optimizer';
import type { EpochRecord, EvaluationResult, RunMetrics, TrainEvent, TrainOptions, TrainResult } from '../protocol/engine';
import { randomSeed, SeededRandom } from './rng';
import { createRunDir, defaultRunsRoot, specHash, writeMetrics } from './runs';
import { saveModel } from './saved-model';
import { countCorrect, scoreSamples } from './scoring';
import { loadSpec } from './spec-file';
import { evaluateTestSet } from './test-metrics';

/** Polled before every batch; true asks the loop to stop (after the batch in progress). */
export type StopCheck = () => boolean;

/** Batch events are throttled to at most one per this many milliseconds (plus each epoch's last). */
const BATCH_EVENT_INTERVAL_MS = 100;
/** The loop gives the event loop a turn at least this often (in milliseconds). */
const YIELD_INTERVAL_MS = 20;

/** The `fit` settings of a run: the spec's, overridden by the options. */
export interface FitSettings {
  epochs: number;
  batchSize: number;
  validationSplit: number;
  shuffle: boolean;
  seed: number;
  trainLimit?: number;
  testLimit?: number;
}

function resolveFitSettings(spec: ModelSpec, options: TrainOptions): FitSettings {
  const positiveInteger = (value: number | undefined, what: string) => {
    if (value !== undefined && (!Number.isInteger(value) || value < 1)) throw new EngineError(`${what} must be a whole number of at least 1, got ${value}`, 'input');
    return value;
  };
  const seed = options.seed ?? spec.fit.seed;
  if (seed !== undefined && !Number.isInteger(seed)) throw new EngineError(`seed must be a whole number, got ${seed}`, 'input');
  return {
    epochs: positiveInteger(options.epochs, 'epochs') ?? spec.fit.epochs,
    batchSize: positiveInteger(options.batchSize, 'batch size') ?? spec.fit.batchSize,
    validationSplit: spec.fit.validationSplit,
    shuffle: spec.fit.shuffle,
    seed: seed ?? randomSeed(),
    trainLimit: positiveInteger(options.trainLimit, 'train limit'),
    testLimit: positiveInteger(options.testLimit, 'test limit'),
  };
}

/** Keras's split point: the first `floor(n * (1 - split))` samples train, the rest validate. */
export function validationSplitIndex(samples: number, validationSplit: number): number {
  return Math.floor(samples * (1 - validationSplit));
}

/** Trains the model of the .dnn file `options.specFile` (refused when it has errors). */
export async function train(options: TrainOptions, onEvent: (event: TrainEvent) => void = () => {}, shouldStop: StopCheck = () => false): Promise<TrainResult> {
  const spec = await loadSpec(options.specFile);
  return trainSpec(spec, options, onEvent, shouldStop);
}

/** Trains an analysed spec; `options.specFile` locates `idx(...)` files and the runs folder. */
async function trainSpec(spec: ModelSpec, options: TrainOptions, onEvent: (event: TrainEvent) => void, shouldStop: StopCheck): Promise<TrainResult> {
  const started = { clock: performance.now(), date: new Date() };
  const fit = resolveFitSettings(spec, options);
  const choice = await initBackend(options.backend ?? 'wasm');
  onEvent({ type: 'backend', backend: choice.backend, note: choice.note });

  const dataset = await loadDataset(spec.fit.dataset, options.specFile, { train: fit.trainLimit, test: fit.testLimit });
  const splitAt = validationSplitIndex(dataset.train.count, fit.validationSplit);
  if (splitAt < 1) {
    throw new EngineError(`validation_split = ${fit.validationSplit} leaves no training samples out of ${dataset.train.count}`, 'input');
  }

  const random = new SeededRandom(fit.seed);
  const built = buildModel(spec, random);
  let updater: WeightUpdater | undefined;
  let runDir: string | undefined;
  let finished = false;
  try {
    checkDatasetFitsModel(dataset, built.encoding);
    updater = createWeightUpdater(spec);
    // Dense-only classifiers on wasm get a hand-written gradient pass (undefined otherwise).
    const fastGradients = createDenseGradients(spec, built.model);
    runDir = await createRunDir(options.runsRoot ?? defaultRunsRoot(options.specFile), spec.name, started.date);

    const size = dataset.rows * dataset.columns;
    const inputs = scalePixels(dataset.train.pixels);
    const batches = new EpochBatches(inputs.subarray(0, splitAt * size), dataset.train.labels.subarray(0, splitAt), built.encoding, fit.batchSize);
    const validation = { inputs: inputs.subarray(splitAt * size), labels: dataset.train.labels.subarray(splitAt) };
    onEvent({
      type: 'start',
      model: spec.name,
      epochs: fit.epochs,
      batchesPerEpoch: batches.count,
      trainSamples: batches.samples,
      validationSamples: validation.labels.length,
      runDir,
    });

    const history: EpochRecord[] = [];
    const loop = await runEpochs(built, updater, batches, validation, fit, random, onEvent, shouldStop, history, fastGradients);

    await saveModel(built.model, runDir);
    let test: EvaluationResult | undefined;
    if (!loop.stopped) {
      test = evaluateTestSet(built, dataset.test);
      onEvent({ type: 'evaluation', result: test });
    }
    const secondsPerEpoch = history.length > 0 ? history.reduce((sum, e) => sum + e.seconds, 0) / history.length : 0;
    const status = loop.stopped ? 'stopped' : 'completed';
    const metrics: RunMetrics = {
      model: spec.name,
      specHash: specHash(spec),
      specFile: options.specFile,
      createdAt: started.date.toISOString(),
      backend: choice.backend,
      config: runConfig(spec, fit),
      history,
      test,
      timings: { totalSeconds: (performance.now() - started.clock) / 1000, secondsPerEpoch, evaluationSeconds: test?.seconds },
      status,
    };
    await writeMetrics(runDir, metrics);
    finished = true;
    const summary = test ? { loss: test.loss, accuracy: test.accuracy } : undefined;
    if (loop.stopped) onEvent({ type: 'stopped', runDir, epoch: loop.stopped.epoch, batch: loop.stopped.batch });
    else onEvent({ type: 'done', runDir, secondsPerEpoch, test: summary });
    return { model: spec.name, backend: choice.backend, epochs: history, secondsPerEpoch, test: summary, runDir, status };
  } finally {
    built.model.dispose();
    updater?.dispose();
    // A run that failed before metrics.json was written is not a run: leave no half folder behind.
    if (!finished && runDir) await rm(runDir, { recursive: true, force: true });
  }
}

function runConfig(spec: ModelSpec, fit: FitSettings): RunMetrics['config'] {
  return {
    epochs: fit.epochs,
    batchSize: fit.batchSize,
    validationSplit: fit.validationSplit,
    seed: fit.seed,
    trainLimit: fit.trainLimit,
    optimizer: spec.compile.optimizer,
    loss: spec.compile.loss,
  };
}

interface LoopOutcome {
  /** Where the user stopped the run (1-based epoch, batches done in it), if they did. */
  stopped?: { epoch: number; batch: number };
}

async function runEpochs(
  built: BuiltModel,
  updater: WeightUpdater,
  batches: EpochBatches,
  validation: { inputs: Float32Array; labels: Uint8Array },
  fit: FitSettings,
  random: SeededRandom,
  onEvent: (event: TrainEvent) => void,
  shouldStop: StopCheck,
  history: EpochRecord[],
  fastGradients: DenseGradients | undefined,
): Promise<LoopOutcome> {
  const variables = built.model.trainableWeights.map((weight) => weight.read() as tf.Variable);
  const classes = built.encoding.classes;
  const trainingStarted = performance.now();
  let lastBatchEvent = -Infinity;
  let lastYield = -Infinity;
  for (let epoch = 1; epoch <= fit.epochs; epoch++) {
    const epochStarted = performance.now();
    batches.prepare(fit.shuffle ? random : undefined);
    let lossSum = 0;
    let correct = 0;
    let seen = 0;
    for (let index = 0; index < batches.count; index++) {
      // Let the event loop run now and then, so a stop request from a signal handler can
      // arrive (a worker's shared flag needs no turn); a turn per batch would cost ~5% of an epoch.
      if (performance.now() - lastYield >= YIELD_INTERVAL_MS) {
        await new Promise((resolve) => setImmediate(resolve));
        lastYield = performance.now();
      }
      if (shouldStop()) return { stopped: { epoch, batch: index } };
      const batch = batches.batch(index);
      let step: { loss: number; predictions: Float32Array };
      try {
        step = trainStep(built, updater, variables, batch.xs, batch.ys, fastGradients);
      } finally {
        // Also when the step throws: the caller (the extension host's worker) lives on.
        tf.dispose([batch.xs, batch.ys]);
      }
      if (!Number.isFinite(step.loss)) {
        throw new EngineError(`the loss became ${step.loss} at epoch ${epoch}, batch ${index + 1}: training diverged; try a smaller learning_rate`);
      }
      lossSum += step.loss * batch.size;
      correct += countCorrect(step.predictions, batch.labels, classes);
      seen += batch.size;
      const now = performance.now();
      if (now - lastBatchEvent >= BATCH_EVENT_INTERVAL_MS || index === batches.count - 1) {
        lastBatchEvent = now;
        onEvent({
          type: 'batch',
          epoch,
          batch: index + 1,
          batchesPerEpoch: batches.count,
          loss: lossSum / seen,
          accuracy: correct / seen,
          elapsedSeconds: (now - trainingStarted) / 1000,
        });
      }
    }
    const record: EpochRecord = { epoch, loss: lossSum / seen, accuracy: correct / seen, seconds: 0 };
    if (validation.labels.length > 0) {
      const score = scoreSamples(built, validation.inputs, validation.labels);
      record.valLoss = score.loss;
      record.valAccuracy = score.accuracy;
    }
    record.seconds = (performance.now() - epochStarted) / 1000;
    history.push(record);
    onEvent({ type: 'epoch', ...record });
  }
  return {};
}

/** One gradient step; returns the batch's mean loss and the model's outputs (for accuracy). */
function trainStep(built: BuiltModel, updater: WeightUpdater, variables: tf.Variable[], xs: tf.Tensor, ys: tf.Tensor, fastGradients?: DenseGradients): { loss: number; predictions: Float32Array } {
  if (fastGradients) {
    // Same gradients as the autodiff below (tested), from ~10 kernels instead of ~110.
    const step = fastGradients.compute(xs, ys);
    updater.apply(variables, step.grads);
    tf.dispose(step.grads);
    return { loss: step.loss, predictions: step.predictions };
  }
  built.reseedStochasticLayers();
  let output: tf.Tensor | undefined;
  const { value, grads } = tf.variableGrads(() => {
    const prediction = built.model.apply(xs, { training: true }) as tf.Tensor;
    output = tf.keep(prediction);
    return tf.mean(built.loss(ys, prediction)) as tf.Scalar;
  }, variables);
  const gradients = variables.map((variable) => grads[variable.name]);
  updater.apply(variables, gradients);
  const loss = (value.dataSync() as Float32Array)[0];
  const predictions = (output as tf.Tensor).dataSync() as Float32Array;
  tf.dispose([value, output as tf.Tensor, ...gradients]);
  return { loss, predictions };
}
