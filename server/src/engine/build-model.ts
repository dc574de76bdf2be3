// Builds the tfjs model of a ModelSpec through the layer catalogue only: each layer is
// `tf.layers[entry.tfjs.factory](entry.tfjs.config(config))`, so the language and the
// engine can't disagree about what a layer means. Weight initialisers and dropout draw
// from the run's seeded generator, which makes a seeded run repeatable.
import * as tf from '@tensorflow/tfjs';
import { findLayer, findLoss } from '../language/catalogue';
import type { ModelSpec } from '../language/types';
import type { SampleEncoding } from './data/dataset';
import { EngineError } from './errors';
import type { SeededRandom } from './rng';

type LossFunction = (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Tensor;

export interface BuiltModel {
  model: tf.Sequential;
  /** The Keras loss of the spec, per sample (the caller takes the mean). */
  loss: LossFunction;
  /** How samples must be fed to this model. */
  encoding: SampleEncoding;
  /** Gives every stochastic layer (dropout) a fresh seed: call before each training step. */
  reseedStochasticLayers(): void;
}

type LayerFactory = (config: Record<string, unknown>) => tf.layers.Layer;

/** Every random weight initialiser a catalogue layer uses, with its default distribution. */
const SEEDED_INITIALIZERS: [string, (seed: number) => unknown][] = [
  ['kernelInitializer', (seed) => tf.initializers.glorotUniform({ seed })],
  ['depthwiseInitializer', (seed) => tf.initializers.glorotUniform({ seed })],
  ['pointwiseInitializer', (seed) => tf.initializers.glorotUniform({ seed })],
  ['recurrentInitializer', (seed) => tf.initializers.orthogonal({ seed })],
];

export function buildModel(spec: ModelSpec, random: SeededRandom): BuiltModel {
  const lossEntry = findLoss(spec.compile.loss);
  if (!lossEntry) throw new EngineError(`loss '${spec.compile.loss}' is not available for training`);
  const outputShape = spec.outputShape;
  const classes = outputShape[outputShape.length - 1];
  if (outputShape.length !== 2 || typeof classes !== 'number') {
    throw new EngineError(`the model's output shape [${outputShape.join(', ')}] is not a vector of class scores; end with Dense(10, activation=softmax)`);
  }

  const model = tf.sequential({ name: spec.name });
  let loss: LossFunction;
  try {
    model.add(makeLayer('Input', { shape: spec.inputShape }, undefined));
    for (const layer of spec.layers) model.add(makeLayer(layer.type, layer.config, layer.name, random));
    // Compiling only resolves the loss by its tfjs name; weight updates go through optimizer.ts.
    model.compile({ optimizer: 'sgd', loss: lossEntry.tfjs });
    // A Sequential keeps its compiled losses on the functional model it wraps (typed private).
    loss = (model as unknown as { model: tf.LayersModel }).model.lossFunctions[0] as LossFunction;
  } catch (error) {
    model.dispose();
    throw error;
  }

  const stochastic = model.layers.filter((layer) => 'seed' in layer.getConfig());
  return {
    model,
    loss,
    encoding: { inputShape: spec.inputShape, classes, labels: lossEntry.labels },
    reseedStochasticLayers() {
      // tfjs draws a dropout mask from Math.random unless the layer has a seed, and a fixed
      // seed would repeat one mask every step; so each step gets its own seed from the run.
      for (const layer of stochastic) (layer as unknown as { seed: number }).seed = random.nextSeed();
    },
  };
}

function makeLayer(type: string, config: ModelSpec['layers'][number]['config'], name: string | undefined, random?: SeededRandom): tf.layers.Layer {
  const entry = findLayer(type);
  if (!entry) throw new EngineError(`layer type '${type}' is not in the catalogue`);
  const factory = (tf.layers as unknown as Record<string, LayerFactory>)[entry.tfjs.factory];
  if (typeof factory !== 'function') throw new EngineError(`layer ${type}: tfjs has no tf.layers.${entry.tfjs.factory}`);
  const tfjsConfig: Record<string, unknown> = { ...entry.tfjs.config(config) };
  if (name !== undefined) tfjsConfig.name = name;
  if (random) {
    // The Keras/tfjs default initialisers, seeded. A layer ignores the keys it has no use for.
    for (const [key, initializer] of SEEDED_INITIALIZERS) {
      if (tfjsConfig[key] === undefined) tfjsConfig[key] = initializer(random.nextSeed());
    }
  }
  try {
    return factory(tfjsConfig);
  } catch (error) {
    throw new EngineError(`layer ${name ?? type}: tfjs refused its configuration: ${(error as Error).message}`);
  }
}
