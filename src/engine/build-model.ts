// Builds the tfjs model of a ModelSpec through the layer catalogue only: each layer is
// `tf.layers[entry.tfjs.factory](entry.tfjs.config(config))`, so the language and the
// engine can't disagree about what a layer means. The random weight initialisers each
// catalogue entry declares (`tfjs.initializers`), and dropout, draw from the run's seeded
// generator, which makes a seeded run repeatable.
import * as tf from '@tensorflow/tfjs';
import { findLayer, findLoss } from '../language/catalogue';
import type { InitializerKey, SeededInitializer } from '../language/catalogue/types';
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

type Initializer = ReturnType<typeof tf.initializers.glorotUniform>;

/** The distributions catalogue entries ask for, seeded. */
const DISTRIBUTIONS: Record<SeededInitializer['distribution'], (seed: number) => Initializer> = {
  glorotUniform: (seed) => tf.initializers.glorotUniform({ seed }),
  orthogonal: (seed) => tf.initializers.orthogonal({ seed }),
};

/**
 * One seed is drawn per key, in this order, for every layer after `Input`, whether the layer
 * uses it or not: earlier versions drew all four for every layer, and keeping the draws keeps
 * a seed's initial weights, shuffle order and dropout masks as they were (documented seeded
 * figures and recorded runs repeat).
 */
const SEED_SLOTS: readonly InitializerKey[] = ['kernelInitializer', 'depthwiseInitializer', 'pointwiseInitializer', 'recurrentInitializer'];

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
  // Exactly the initialisers the catalogue declares for this layer: tfjs refuses some keys a
  // layer has no use for (SeparableConv2D and kernelInitializer).
  const initializers: [InitializerKey, Initializer][] = [];
  if (random) {
    const seeds = new Map(SEED_SLOTS.map((key) => [key, random.nextSeed()]));
    for (const { key, distribution } of entry.tfjs.initializers ?? []) {
      const initializer = DISTRIBUTIONS[distribution](seeds.get(key) as number);
      tfjsConfig[key] = initializer;
      initializers.push([key, initializer]);
    }
  }
  let layer: tf.layers.Layer;
  try {
    layer = factory(tfjsConfig);
  } catch (error) {
    throw new EngineError(`layer ${name ?? type}: tfjs refused its configuration: ${(error as Error).message}`);
  }
  // tfjs 4.22's SeparableConv2D makes its pointwise initialiser from `depthwiseInitializer`
  // and ignores `pointwiseInitializer`, so both kernels would be drawn with one seed. The
  // layer has no weights until it is added to the model: put the declared one in place.
  const fields = layer as unknown as Record<string, unknown>;
  for (const [key, initializer] of initializers) {
    if (fields[key] !== initializer) fields[key] = initializer;
  }
  return layer;
}
