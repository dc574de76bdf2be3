// The lifecycle of a training run: backend, data, model, run folder, the training loop
// (ours rather than `model.fit`, in loop/: it pre-makes each epoch's batches, plugs in
// faster weight updaters, and reports what the CLI and the panel show), saving, the test
// evaluation and metrics.json. Keras semantics: the validation set is the LAST
// `validation_split` of the training data, taken before shuffling; the training part is
// reshuffled every epoch; a seed makes the whole run repeatable.
import { rm } from 'node:fs/promises';
import { totalmem } from 'node:os';
import { performance } from 'node:perf_hooks';
import { wasmMemoryLimit } from '../language/checks-size';
import { specTensorSizes } from '../language/spec-shapes';
import { judgeTrainingMemory, trainingMemory } from '../language/training-memory';
import type { ModelSpec } from '../language/types';
import { defaultThreads, initBackend } from './backend';
import { EpochBatches } from './batches';
import { buildModel } from './build-model';
import { checkDatasetFitsModel, datasetFiles, loadDataset, scalePixels } from './data/dataset';
import { EngineError } from './errors';
import { createDenseGradients } from './fast/dense-gradients';
import { dataParallelBlocker, dataParallelLoop } from './loop/data-parallel-loop';
import { singleThreadLoop } from './loop/single-thread-loop';
import type { StopCheck } from './loop/training-loop';
import { createWeightUpdater, type WeightUpdater } from './optimizer';
import { pytorchLoop } from './pytorch/pytorch-loop';
import type { EvaluationResult, RunMetrics, TrainEvent, TrainOptions, TrainResult } from '../protocol/engine';
import { randomSeed, SeededRandom } from './rng';
import { checkRunsRoot, createRunDir, defaultRunsRoot, specHash, writeMetrics, writeRunSpec } from './runs';
import { saveModel } from './saved-model';
import { loadSpec } from './spec-file';
import { evaluateTestSet } from './test-metrics';

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

/**
 * How a run uses its cores (`threads`: the cores to use, every one by default). Several
 * cores: the data-parallel loop, each of its threads on a single-threaded backend, for every
 * model it trains exactly on wasm; the others (batch normalisation) get the threaded wasm
 * build on the single loop. One core: the single loop on one thread.
 */
function coreUse(spec: ModelSpec, options: TrainOptions): { ranks: number; backendThreads: number } {
  const cores = options.threads ?? defaultThreads();
  const parallel = cores > 1 && (options.backend ?? 'wasm') === 'wasm' && options.engine !== 'pytorch' && dataParallelBlocker(spec) === undefined;
  return parallel ? { ranks: cores, backendThreads: 1 } : { ranks: 1, backendThreads: cores };
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
  const runsRoot = options.runsRoot ?? defaultRunsRoot(options.specFile);
  checkRunsRoot(runsRoot);
  checkTrainingMemory(spec, fit, options, onEvent);
  const cores = coreUse(spec, options);
  const choice = await initBackend(options.backend ?? 'wasm', undefined, cores.backendThreads);
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
    runDir = await createRunDir(runsRoot, spec.name, started.date);
    await writeRunSpec(runDir, spec);

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

    const loopOptions = { built, updater, fastGradients, batches, validation, epochs: fit.epochs, shuffle: fit.shuffle, random, onEvent, shouldStop };
    const pytorch =
      options.engine === 'pytorch'
        ? await pytorchLoop({ spec, runDir, files: datasetFiles(spec.fit.dataset, options.specFile), ...fit, options: options.pytorch ?? {} }).run(loopOptions)
        : undefined;
    // The data-parallel loop needs the wasm backend it was planned for (not cpu, where wasm could not start).
    const tfjsLoop = cores.ranks > 1 && choice.backend === 'wasm' ? dataParallelLoop({ spec, ranks: cores.ranks }) : singleThreadLoop;
    const loop = pytorch ?? (await tfjsLoop.run(loopOptions));
    const history = loop.history;
    const engine = pytorch ? { engine: 'pytorch' as const, worldSize: pytorch.worldSize } : {};

    await saveModel(built.model, runDir);
    let test: EvaluationResult | undefined;
    if (!loop.stopped) {
      test = evaluateTestSet(built, dataset.test, spec.fit.classNames);
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
      ...engine,
      pytorch: pytorch?.pytorch,
    };
    await writeMetrics(runDir, metrics);
    finished = true;
    const summary = test ? { loss: test.loss, accuracy: test.accuracy } : undefined;
    if (loop.stopped) onEvent({ type: 'stopped', runDir, epoch: loop.stopped.epoch, batch: loop.stopped.batch });
    else onEvent({ type: 'done', runDir, secondsPerEpoch, test: summary });
    return { model: spec.name, backend: choice.backend, epochs: history, secondsPerEpoch, test: summary, runDir, status, ...engine };
  } finally {
    built.model.dispose();
    updater?.dispose();
    // A run that failed before metrics.json was written is not a run: leave no half folder behind.
    if (!finished && runDir) await rm(runDir, { recursive: true, force: true });
  }
}

/**
 * Refuses, before anything starts, a model whose training cannot fit the backend's memory
 * (wasm: its 4 GiB heap; otherwise this machine's memory), and warns when it is merely large.
 */
function checkTrainingMemory(spec: ModelSpec, fit: FitSettings, options: TrainOptions, onEvent: (event: TrainEvent) => void): void {
  const machine = { bytes: totalmem(), what: "this machine's memory" };
  const onWasm = options.engine !== 'pytorch' && (options.backend ?? 'wasm') === 'wasm';
  const limit = onWasm && wasmMemoryLimit.bytes < machine.bytes ? wasmMemoryLimit : machine;
  const verdict = judgeTrainingMemory(trainingMemory(specTensorSizes(spec), spec.compile.optimizer, fit.batchSize), limit);
  if (verdict?.kind === 'too-large') throw new EngineError(`model ${spec.name} cannot be trained: ${verdict.message}`);
  if (verdict?.kind === 'large') onEvent({ type: 'warning', message: verdict.message });
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
