// The model of a run in the tfjs layers format, model.json + weights.bin, written and read
// here without tfjs-node (whose install downloads libtensorflow).
import * as tf from '@tensorflow/tfjs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../files/atomic-write';
import { EngineError } from './errors';
// Registers the layers tfjs lacks, so a saved graph that uses them loads back (loadRunModel).
import './merge-layers';

const MODEL_FILE = 'model.json';
const WEIGHTS_FILE = 'weights.bin';

/** Writes model.json (topology + weights manifest) and weights.bin, the layout `tf.loadLayersModel` reads. */
export async function saveModel(model: tf.LayersModel, runDir: string): Promise<void> {
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      const weightData = artifacts.weightData === undefined ? new ArrayBuffer(0) : tf.io.CompositeArrayBuffer.join(artifacts.weightData);
      const modelJson: tf.io.ModelJSON = {
        modelTopology: artifacts.modelTopology as tf.io.ModelJSON['modelTopology'],
        format: artifacts.format,
        generatedBy: artifacts.generatedBy,
        convertedBy: artifacts.convertedBy,
        weightsManifest: [{ paths: [`./${WEIGHTS_FILE}`], weights: artifacts.weightSpecs ?? [] }],
      };
      await writeFileAtomic(join(runDir, WEIGHTS_FILE), new Uint8Array(weightData));
      await writeFileAtomic(join(runDir, MODEL_FILE), JSON.stringify(modelJson));
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    }),
  );
}

/**
 * Loads a run's weights into `model` (built from the current spec). Refuses when the
 * run's weights do not have the shapes the model needs, naming the first difference.
 */
export async function loadSavedWeights(model: tf.LayersModel, runDir: string): Promise<void> {
  const { weightSpecs: specs, weightBytes } = await readSavedModel(runDir);
  const expected = model.weights;
  const describe = (shape: readonly number[]) => `[${shape.join(', ')}]`;
  const mismatch =
    specs.length !== expected.length
      ? `the run has ${specs.length} weight tensors, the model now needs ${expected.length}`
      : specs
          .map((spec, i) => ({ spec, want: expected[i] }))
          .filter(({ spec, want }) => spec.shape.join(',') !== want.shape.join(','))
          .map(({ spec, want }) => `${want.originalName} is ${describe(spec.shape)} in the run but ${describe(want.shape as number[])} now`)[0];
  if (mismatch !== undefined) {
    throw new EngineError(`the model's layers changed since the run in ${runDir} was trained (${mismatch}); train it again before evaluating`);
  }
  const byteLength = specs.reduce((sum, spec) => sum + spec.shape.reduce((a, b) => a * b, 1) * 4, 0);
  if (specs.some((spec) => spec.dtype !== undefined && spec.dtype !== 'float32') || weightBytes.length !== byteLength) {
    throw new EngineError(`${join(runDir, WEIGHTS_FILE)} is damaged: expected ${byteLength} bytes of float32 weights, found ${weightBytes.length}`);
  }
  const buffer = weightBytes.buffer.slice(weightBytes.byteOffset, weightBytes.byteOffset + weightBytes.byteLength) as ArrayBuffer;
  const decoded = tf.io.decodeWeights(buffer, specs);
  const tensors = specs.map((spec) => decoded[spec.name]);
  model.setWeights(tensors);
  tf.dispose(tensors);
}

/** The run's model as it was saved (its own topology, a chain or a graph), for predictions. */
export async function loadRunModel(runDir: string): Promise<tf.LayersModel> {
  const { modelJson, weightSpecs, weightBytes } = await readSavedModel(runDir);
  const weightData = weightBytes.buffer.slice(weightBytes.byteOffset, weightBytes.byteOffset + weightBytes.byteLength) as ArrayBuffer;
  try {
    return await tf.loadLayersModel(tf.io.fromMemory({ modelTopology: modelJson.modelTopology, weightSpecs, weightData }));
  } catch (error) {
    throw new EngineError(`the saved model in ${runDir} cannot be loaded: ${(error as Error).message}`);
  }
}

async function readSavedModel(runDir: string): Promise<{ modelJson: tf.io.ModelJSON; weightSpecs: tf.io.WeightsManifestEntry[]; weightBytes: Buffer }> {
  try {
    const modelJson = JSON.parse(await readFile(join(runDir, MODEL_FILE), 'utf8')) as tf.io.ModelJSON;
    const weightBytes = await readFile(join(runDir, WEIGHTS_FILE));
    return { modelJson, weightSpecs: (modelJson.weightsManifest ?? []).flatMap((group) => group.weights), weightBytes };
  } catch (error) {
    throw new EngineError(`cannot read the saved model in ${runDir}: ${(error as Error).message}`, 'input');
  }
}
