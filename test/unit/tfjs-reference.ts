// The tfjs side of the property test: a model's layers made by tfjs itself through the
// catalogue's tfjs mapping (the engine's layer factory, so also our Subtract), a chain with
// `tf.sequential`, a graph with the functional API. What tfjs says about each layer (output
// shape, parameters), the total, the shape of a real forward pass, and where it refused.
import * as tf from '@tensorflow/tfjs';
import { layerFactory } from '../../src/engine/layer-factory';
import { findLayer } from '../../src/language/catalogue';
import type { ConfigValue, Shape } from '../../src/language/types';

export interface TfjsResult {
  /** Per layer in file order, `Input` first, as far as tfjs got. */
  layers: { outputShape: Shape; params: number }[];
  totalParams?: number;
  predictedShape?: number[];
  /** Where tfjs refused: the layer index, or -1 for the forward pass. */
  error?: { index: number; message: string };
}

/** A layer to make: its catalogue type and resolved (Keras) configuration. */
export interface LayerToMake {
  type: string;
  config: Record<string, ConfigValue>;
}

function makeLayer({ type, config }: LayerToMake): tf.layers.Layer {
  const entry = findLayer(type);
  if (!entry) throw new Error(`unknown layer ${type}`);
  return layerFactory(entry)(entry.tfjs.config(config));
}

function forwardShape(model: tf.LayersModel, inputShape: number[]): number[] {
  return tf.tidy(() => (model.predict(tf.zeros([1, ...inputShape])) as tf.Tensor).shape);
}

/** `layers[0]` is the `Input`. */
export function buildChainWithTfjs(layers: readonly LayerToMake[], inputShape: number[]): TfjsResult {
  const result: TfjsResult = { layers: [] };
  const model = tf.sequential();
  try {
    for (const [index, layer] of layers.entries()) {
      try {
        model.add(makeLayer(layer));
      } catch (error) {
        result.error = { index, message: (error as Error).message };
        return result;
      }
      const added = model.layers[model.layers.length - 1] as tf.layers.Layer;
      result.layers.push({ outputShape: added.outputShape as Shape, params: added.countParams() });
    }
    result.totalParams = model.countParams();
    try {
      result.predictedShape = forwardShape(model, inputShape);
    } catch (error) {
      result.error = { index: -1, message: (error as Error).message };
    }
    return result;
  } finally {
    model.dispose();
  }
}

/**
 * `layers[0]` is the `Input`; `inputs[i]` are the indices of the layers feeding layer i. The
 * model runs from the input to the last layer.
 */
export function buildGraphWithTfjs(layers: readonly LayerToMake[], inputs: readonly (readonly number[])[], inputShape: number[]): TfjsResult {
  const result: TfjsResult = { layers: [{ outputShape: [null, ...inputShape], params: 0 }] };
  const made: tf.layers.Layer[] = [];
  const outputs: tf.SymbolicTensor[] = [tf.input({ shape: inputShape })];
  for (let index = 1; index < layers.length; index++) {
    try {
      const layer = makeLayer(layers[index] as LayerToMake);
      made.push(layer);
      const fed = (inputs[index] ?? []).map((i) => outputs[i] as tf.SymbolicTensor);
      const output = layer.apply(fed.length === 1 ? fed[0] : fed) as tf.SymbolicTensor;
      outputs.push(output);
      result.layers.push({ outputShape: output.shape as Shape, params: layer.countParams() });
    } catch (error) {
      result.error = { index, message: (error as Error).message };
      for (const layer of made) if (layer.built) layer.dispose();
      return result;
    }
  }
  const model = tf.model({ inputs: outputs[0] as tf.SymbolicTensor, outputs: outputs[outputs.length - 1] as tf.SymbolicTensor });
  try {
    result.totalParams = model.countParams();
    result.predictedShape = forwardShape(model, inputShape);
  } catch (error) {
    result.error = { index: -1, message: (error as Error).message };
  } finally {
    model.dispose();
  }
  return result;
}
