// `--format tfjs`: a folder with model.json (the Keras-style topology) and weights.bin, the
// layout `tf.loadLayersModel` reads in a browser or Node. The model is rebuilt by the engine's
// own builder and given the exported weights, so the topology is exactly the one dnn trains.
import * as tf from '@tensorflow/tfjs';
import { join } from 'node:path';
import { initBackend } from '../../engine/backend';
import { buildModel } from '../../engine/build-model';
import { EngineError } from '../../engine/errors';
import { SeededRandom } from '../../engine/rng';
import { saveModel } from '../../engine/saved-model';
import type { Exporter, ExportModel } from '../types';

export const tfjsExporter: Exporter = {
  format: 'tfjs',
  async write(exported, out) {
    await initBackend('cpu');
    const model = buildExportedModel(exported);
    try {
      await saveModel(model, out);
    } finally {
      model.dispose();
    }
    return [join(out, 'model.json'), join(out, 'weights.bin')];
  },
};

/** The engine's tfjs model of the export's spec, holding the export's weights (the caller disposes it). */
export function buildExportedModel(exported: ExportModel): tf.LayersModel {
  const { model } = buildModel(exported.spec, new SeededRandom(0));
  try {
    setExportedWeights(model, exported);
  } catch (error) {
    model.dispose();
    throw error;
  }
  return model;
}

function setExportedWeights(model: tf.LayersModel, exported: ExportModel): void {
  for (const layer of exported.spec.layers) {
    const target = model.getLayer(layer.name);
    const weights = exported.weights.get(layer.name) ?? [];
    if (weights.length !== target.weights.length) {
      throw new EngineError(`layer ${layer.name}: the export has ${weights.length} weight tensors, the tfjs layer needs ${target.weights.length}`);
    }
    const tensors = weights.map((weight) => tf.tensor(weight.data, weight.shape, 'float32'));
    try {
      target.setWeights(tensors);
    } finally {
      tf.dispose(tensors);
    }
  }
}
