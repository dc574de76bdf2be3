// The model `dnn export` writes: the spec from the .dnn file and the weights from a run
// (its tfjs model.json + weights.bin) or, with `--untrained`, freshly initialised as Keras
// would (glorot-uniform kernels, zero biases, BatchNormalization's ones and zeros). Both go
// through the engine's own builder, so the weights are named and laid out exactly as tfjs
// holds them (HWIO kernels, channels last) and a run whose weights no longer fit is refused
// with the engine's message.
import type * as tf from '@tensorflow/tfjs';
import { initBackend } from '../engine/backend';
import { buildModel } from '../engine/build-model';
import { EngineError } from '../engine/errors';
import { SeededRandom } from '../engine/rng';
import { defaultRunsRoot, latestRun, readMetrics, specHash } from '../engine/runs';
import { loadSavedWeights } from '../engine/saved-model';
import { loadSpec } from '../engine/spec-file';
import type { ModelSpec } from '../language/types';
import type { ExportModel, WeightTensor } from './types';

export interface LoadExportOptions {
  specFile: string;
  /** The run whose weights to export; the model's latest run when absent. */
  runDir?: string;
  /** Export fresh Keras-default weights instead of a run's. */
  untrained?: boolean;
  /** Seed of the fresh weights (untrained only). */
  seed?: number;
}

/** Loads what to export, reporting doubts about the run (a changed spec, another model's run) through `onWarning`. */
export async function loadExportModel(options: LoadExportOptions, onWarning: (message: string) => void = () => {}): Promise<ExportModel> {
  const spec = await loadSpec(options.specFile, 'exporting');
  if (options.untrained) return untrainedExportModel(spec, options.seed ?? 0);
  const runsRoot = defaultRunsRoot(options.specFile);
  const runDir = options.runDir ?? (await latestRun(runsRoot, spec.name));
  if (!runDir) {
    throw new EngineError(`model ${spec.name} has no finished run in ${runsRoot}: train it first, name one with --run DIR, or export fresh weights with --untrained`);
  }
  const metrics = await readMetrics(runDir);
  if (metrics.model !== spec.name) {
    onWarning(`the run in ${runDir} was trained for model ${metrics.model}, not ${spec.name}; its weights fit, so they are exported`);
  } else if (metrics.specHash !== specHash(spec)) {
    onWarning(`the spec of ${spec.name} changed since the run in ${runDir} was trained; its weights still fit, but the export may not describe that run: train again to be sure`);
  }
  return runExportModel(spec, runDir);
}

/** The spec with the weights of the run in `runDir` (refused when they no longer fit the spec). */
export async function runExportModel(spec: ModelSpec, runDir: string): Promise<ExportModel> {
  return withBuiltModel(spec, 0, async (model) => {
    await loadSavedWeights(model, runDir);
    return { spec, weights: layerWeights(spec, model), source: { kind: 'run', runDir } };
  });
}

/** The spec with fresh Keras-default weights, drawn from `seed` as `dnn train --seed` would. */
export async function untrainedExportModel(spec: ModelSpec, seed = 0): Promise<ExportModel> {
  return withBuiltModel(spec, seed, async (model) => ({ spec, weights: layerWeights(spec, model), source: { kind: 'untrained' } }));
}

async function withBuiltModel<T>(spec: ModelSpec, seed: number, use: (model: tf.LayersModel) => Promise<T>): Promise<T> {
  // Only reading and writing weights: the pure-JS backend starts at once and is exact.
  await initBackend('cpu');
  const built = buildModel(spec, new SeededRandom(seed));
  try {
    return await use(built.model);
  } finally {
    built.model.dispose();
  }
}

/** Every spec layer's weights, by layer name, in tfjs order; layers without weights get an empty list. */
export function layerWeights(spec: ModelSpec, model: tf.LayersModel): Map<string, WeightTensor[]> {
  const weights = new Map<string, WeightTensor[]>();
  for (const layer of spec.layers) {
    const built = model.getLayer(layer.name);
    const values = built.getWeights();
    weights.set(
      layer.name,
      built.weights.map((variable, i) => ({
        // `dense_1/kernel` → `kernel`: the layer prefix is the map's key.
        name: variable.originalName.slice(variable.originalName.lastIndexOf('/') + 1),
        shape: [...variable.shape] as number[],
        data: Float32Array.from(values[i].dataSync() as Float32Array),
      })),
    );
  }
  return weights;
}
