// The Python file of a Keras export: `build_model()` builds the model with the Keras 3
// functional API, one line per layer in the graph's order, each layer named as in the .dnn
// file, and loads the weights from the .npz file beside it with `layer.set_weights` (tfjs
// and Keras share the weight order and layout, so they go in as they are). Activations whose
// Keras definition differs from tfjs's (hard_sigmoid), or that Keras lacks (gelu_new), are
// written out as functions with tfjs's formula.
import { findActivation } from '../../language/catalogue';
import type { ConfigValue } from '../../language/types';
import { pyFloat, pyTuple, pythonName } from '../pytorch/python-names';
import type { ExportModel } from '../types';

/** Activations written as functions in the file, with tfjs's definitions. */
const CUSTOM_ACTIVATIONS: Record<string, string> = {
  hard_sigmoid: `
@keras.saving.register_keras_serializable(package="dnn")
def hard_sigmoid(x):
    """tfjs's hard_sigmoid: clip(0.2 * x + 0.5, 0, 1) (Keras 3's has slope 1/6)."""
    return keras.ops.clip(0.2 * x + 0.5, 0.0, 1.0)
`,
  gelu_new: `
@keras.saving.register_keras_serializable(package="dnn")
def gelu_new(x):
    """GELU, tanh approximation, as tfjs's gelu_new."""
    return 0.5 * x * (1.0 + keras.ops.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * x**3)))
`,
  log_softmax: `
@keras.saving.register_keras_serializable(package="dnn")
def log_softmax(x):
    """log(softmax(x)) on the last axis, as tfjs's logSoftmax."""
    return keras.ops.log_softmax(x, axis=-1)
`,
};

/** Layer arguments tfjs fixes that differ from Keras's defaults: tfjs's GRU resets before the recurrent product. */
const FIXED_ARGUMENTS: Record<string, string[]> = { GRU: ['reset_after=False'] };

/** Names the file defines or imports, which a layer's variable must not shadow. */
const FILE_NAMES = new Set(['keras', 'np', 'math', 'os', 'HERE', 'WEIGHTS', 'LAYER_WEIGHTS', 'build_model', 'load_weights', 'model', 'stored', ...Object.keys(CUSTOM_ACTIVATIONS)]);

function variableName(name: string): string {
  const base = pythonName(name);
  return FILE_NAMES.has(base) ? `${base}_` : base;
}

function pyValue(value: ConfigValue): string {
  if (value === null || value === undefined) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : pyFloat(value);
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value) && value.every((item) => typeof item === 'number')) return pyTuple(value as number[]);
  return `(${(value as ConfigValue[]).map(pyValue).join(', ')})`;
}

function activationName(value: ConfigValue): string {
  return typeof value === 'string' ? (findActivation(value)?.name ?? value) : 'linear';
}

/** `keras.layers.Conv2D(filters=32, kernel_size=(3, 3), ..., name="conv2d")`. */
function layerCall(type: string, name: string, config: Record<string, ConfigValue>, used: Set<string>): string {
  const args = Object.entries(config).map(([key, value]) => {
    if (key.endsWith('activation') && typeof value === 'string') {
      const activation = activationName(value);
      if (Object.hasOwn(CUSTOM_ACTIVATIONS, activation)) {
        used.add(activation);
        return `${key}=${activation}`;
      }
      return `${key}=${JSON.stringify(activation)}`;
    }
    return `${key}=${pyValue(value)}`;
  });
  // Keras 3 calls LeakyReLU's slope `negative_slope`, Keras 2 `alpha`: positional suits both.
  if (type === 'LeakyReLU') args.splice(0, args.length, ...Object.values(config).map(pyValue));
  return `keras.layers.${type}(${[...args, ...(FIXED_ARGUMENTS[type] ?? []), `name=${JSON.stringify(name)}`].join(', ')})`;
}

export function kerasModelPy(exported: ExportModel, weightsFile: string): string {
  const { spec } = exported;
  const variables = new Map<string, string>([[spec.inputName, variableName(spec.inputName)]]);
  const used = new Set<string>();
  const lines: string[] = [`    ${variables.get(spec.inputName)} = keras.Input(shape=${pyTuple(spec.inputShape)}, name=${JSON.stringify(spec.inputName)})`];
  for (const layer of spec.layers) {
    const variable = variableName(layer.name);
    variables.set(layer.name, variable);
    const inputs = layer.inputs.map((name) => variables.get(name) ?? variableName(name));
    const applied = inputs.length === 1 ? inputs[0] : `[${inputs.join(', ')}]`;
    lines.push(`    ${variable} = ${layerCall(layer.type, layer.name, layer.config, used)}(${applied})`);
  }
  const layerWeights = spec.layers
    .filter((layer) => (exported.weights.get(layer.name) ?? []).length > 0)
    .map((layer) => `    ${JSON.stringify(layer.name)}: [${(exported.weights.get(layer.name) ?? []).map((w) => JSON.stringify(`${layer.name}/${w.name}`)).join(', ')}],`);
  const source = exported.source.kind === 'run' ? `the weights of the run in ${exported.source.runDir}` : 'fresh (untrained) Keras-default weights';
  return `"""${spec.name}, exported by dnn with ${source}.

Builds the model with the Keras 3 functional API and loads its weights from
${weightsFile} beside this file (numpy's .npz, one array per weight):

    import ${weightsFile.replace(/\.weights\.npz$/, '')}
    model = ${weightsFile.replace(/\.weights\.npz$/, '')}.build_model()
    probabilities = model.predict(images)  # float32 [N, ${spec.inputShape.join(', ')}], pixels in [0, 1]
"""
import math
import os

import keras
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
WEIGHTS = os.path.join(HERE, ${JSON.stringify(weightsFile)})

# Each layer's weights, by the names they have in ${weightsFile}, in Keras's order.
LAYER_WEIGHTS = {
${layerWeights.join('\n')}
}
${[...used].map((name) => `\n${CUSTOM_ACTIVATIONS[name]}`).join('')}

def build_model(weights=WEIGHTS):
    """The model, with the exported weights loaded (pass weights=None for Keras's initial ones)."""
${lines.join('\n')}
    model = keras.Model(inputs=${variables.get(spec.inputName)}, outputs=${variables.get(spec.outputName)}, name=${JSON.stringify(spec.name)})
    if weights is not None:
        load_weights(model, weights)
    return model


def load_weights(model, path=WEIGHTS):
    """Sets every layer's weights from the .npz file."""
    with np.load(path) as stored:
        for layer_name, names in LAYER_WEIGHTS.items():
            model.get_layer(layer_name).set_weights([stored[name] for name in names])
`;
}

