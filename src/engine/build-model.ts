// Builds the tfjs model of a ModelSpec through the layer catalogue only: each layer is
// `tf.layers[entry.tfjs.factory](entry.tfjs.config(config))` (layer-factory.ts), so the
// language and the engine can't disagree about what a layer means. Every model, a chain or a
// graph, goes through the functional API: `tf.input`, each layer applied to the outputs of the
// layers its spec names, `tf.model` from the input to the spec's output. The random weight initialisers each
// catalogue entry declares (`tfjs.initializers`), and dropout, draw from the run's seeded
// generator, which makes a seeded run repeatable.
import * as tf from '@tensorflow/tfjs';
import { findLayer, findLoss } from '../language/catalogue';
import type { InitializerKey, SeededInitializer } from '../language/catalogue/types';
import type { ModelSpec, SpecLayer } from '../language/types';
import type { SampleEncoding } from './data/dataset';
import { EngineError } from './errors';
import { layerFactory } from './layer-factory';
import type { SeededRandom } from './rng';

type LossFunction = (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Tensor;

export interface BuiltModel {
  model: tf.LayersModel;
  /** The Keras loss of the spec, per sample (the caller takes the mean). */
  loss: LossFunction;
  /** How samples must be fed to this model. */
  encoding: SampleEncoding;
  /** How many layers draw random masks in training (dropout, noise). */
  stochasticLayers: number;
  /** Draws a fresh seed for every stochastic layer (dropout) from the run's generator: one per layer, before each training step. */
  drawStochasticSeeds(): number[];
  /** Gives the stochastic layers these seeds (in model order); their next masks follow from them. */
  seedStochasticLayers(seeds: readonly number[]): void;
}

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

  // Layers are made in file order, which keeps the seeds each draws as they were for chains.
  const made = spec.layers.map((layer) => makeLayer(layer, random));
  const model = connect(spec, made);
  let loss: LossFunction;
  try {
    // Compiling only resolves the loss by its tfjs name; weight updates go through optimizer.ts.
    model.compile({ optimizer: 'sgd', loss: lossEntry.tfjs });
    loss = model.lossFunctions[0] as LossFunction;
  } catch (error) {
    model.dispose();
    throw error;
  }

  const stochastic = model.layers.filter((layer) => 'seed' in layer.getConfig());
  return {
    model,
    loss,
    encoding: { inputShape: spec.inputShape, classes, labels: lossEntry.labels },
    stochasticLayers: stochastic.length,
    // tfjs draws a dropout mask from Math.random unless the layer has a seed, and a fixed
    // seed would repeat one mask every step; so each step gets its own seeds from the run.
    drawStochasticSeeds: () => stochastic.map(() => random.nextSeed()),
    seedStochasticLayers(seeds) {
      stochastic.forEach((layer, i) => ((layer as unknown as { seed: number }).seed = seeds[i]));
    },
  };
}

/**
 * Applies each layer to the outputs of its spec inputs and makes the model from the input to
 * the spec's output. Only layers the output depends on are applied: applying builds a layer's
 * weights, and a branch that leads nowhere (the analyzer warns) would leave them undisposed.
 */
function connect(spec: ModelSpec, made: readonly tf.layers.Layer[]): tf.LayersModel {
  const needed = layersReachingOutput(spec);
  const outputs = new Map<string, tf.SymbolicTensor>([[spec.inputName, tf.input({ shape: spec.inputShape, name: spec.inputName })]]);
  try {
    spec.layers.forEach((layer, index) => {
      if (!needed.has(layer.name)) return;
      const inputs = layer.inputs.map((name) => {
        const output = outputs.get(name);
        if (!output) throw new EngineError(`layer ${layer.name}: its input '${name}' is not a layer before it`);
        return output;
      });
      try {
        const applied = (made[index] as tf.layers.Layer).apply(inputs.length === 1 ? inputs[0] : inputs);
        outputs.set(layer.name, applied as tf.SymbolicTensor);
      } catch (error) {
        throw new EngineError(`layer ${layer.name}: tfjs refused its inputs: ${(error as Error).message}`);
      }
    });
    const output = outputs.get(spec.outputName);
    if (!output) throw new EngineError(`the model's output '${spec.outputName}' is not one of its layers`);
    return tf.model({ name: spec.name, inputs: outputs.get(spec.inputName) as tf.SymbolicTensor, outputs: output });
  } catch (error) {
    // The weights of the layers applied so far belong to no model yet.
    for (const layer of made) if (layer.built) layer.dispose();
    throw error;
  }
}

/** Names of the layers the output is computed from (the output included). */
function layersReachingOutput(spec: ModelSpec): Set<string> {
  const inputsOf = new Map(spec.layers.map((layer) => [layer.name, layer.inputs]));
  const reached = new Set<string>();
  const pending = [spec.outputName];
  for (let name = pending.pop(); name !== undefined; name = pending.pop()) {
    if (reached.has(name)) continue;
    reached.add(name);
    pending.push(...(inputsOf.get(name) ?? []));
  }
  return reached;
}

function makeLayer({ type, config, name }: SpecLayer, random: SeededRandom): tf.layers.Layer {
  const entry = findLayer(type);
  if (!entry) throw new EngineError(`layer type '${type}' is not in the catalogue`);
  const factory = layerFactory(entry);
  const tfjsConfig: Record<string, unknown> = { ...entry.tfjs.config(config), name };
  // Exactly the initialisers the catalogue declares for this layer: tfjs refuses some keys a
  // layer has no use for (SeparableConv2D and kernelInitializer).
  const initializers: [InitializerKey, Initializer][] = [];
  const seeds = new Map(SEED_SLOTS.map((key) => [key, random.nextSeed()]));
  for (const { key, distribution } of entry.tfjs.initializers ?? []) {
    const initializer = DISTRIBUTIONS[distribution](seeds.get(key) as number);
    tfjsConfig[key] = initializer;
    initializers.push([key, initializer]);
  }
  let layer: tf.layers.Layer;
  try {
    layer = factory(tfjsConfig);
  } catch (error) {
    throw new EngineError(`layer ${name}: tfjs refused its configuration: ${(error as Error).message}`);
  }
  // tfjs 4.22's SeparableConv2D makes its pointwise initialiser from `depthwiseInitializer`
  // and ignores `pointwiseInitializer`, so both kernels would be drawn with one seed. The
  // layer has no weights until it is applied: put the declared one in place.
  const fields = layer as unknown as Record<string, unknown>;
  for (const [key, initializer] of initializers) {
    if (fields[key] !== initializer) fields[key] = initializer;
  }
  return layer;
}
