// Input, Dense and Activation: the layers of the article's model.
import type { LayerEntry, SingleInputEntry } from '../types';
import { activationArg, applyActivation, bool, countOf, lastDim, num, ok, seeded, tfjsActivation, useBiasArg, withBias } from './common';

export const input: LayerEntry = {
  type: 'Input',
  namePrefix: 'input_layer',
  doc: 'The shape of one sample, without the batch dimension: `[784]` for flat MNIST images, `[28, 28, 1]` for images with a channel axis. Always the first layer.',
  category: 'core',
  args: [
    {
      name: 'shape',
      type: { kind: 'shape' },
      required: true,
      doc: 'Sizes of one sample, batch dimension excluded.',
    },
  ],
  arity: { min: 0, max: 0 },
  outputShape: (_inputs, config) => ok([null, ...(config.shape as number[])]),
  params: () => countOf(0),
  formula: (_inputs, output, _config, names) => `${names.output} = input, ${output.slice(1).join('x')} values per sample`,
  tfjs: { factory: 'inputLayer', config: (config) => ({ inputShape: config.shape }) },
};

export const dense: SingleInputEntry = {
  type: 'Dense',
  namePrefix: 'dense',
  doc: 'Fully connected layer: `activation(W x + b)`. On an input of rank 3 or more it acts on the last axis only.',
  category: 'core',
  args: [
    { name: 'units', type: { kind: 'int', min: 1 }, required: true, doc: 'Number of outputs (neurons).' },
    activationArg(),
    useBiasArg,
  ],
  outputShape: (input, config) => ok([...input.slice(0, -1), num(config, 'units')]),
  params: (input, config) => {
    const units = num(config, 'units');
    return countOf(lastDim(input) * units + (bool(config, 'use_bias') ? units : 0));
  },
  formula: (input, _output, config, at) => {
    const w = `W${at.index - 1}`;
    const affine = withBias(bool(config, 'use_bias'), `b${at.index - 1}`, `${w} ${at.input}`);
    const lastAxis = input.length > 2 ? ' (on the last axis)' : '';
    return `${at.output} = ${applyActivation(config.activation, affine)}${lastAxis}, ${w}: ${num(config, 'units')}x${lastDim(input)}`;
  },
  tfjs: {
    factory: 'dense',
    config: (config) => ({ units: config.units, activation: tfjsActivation(config.activation), useBias: config.use_bias }),
    initializers: seeded.kernel,
  },
};

export const activation: SingleInputEntry = {
  type: 'Activation',
  namePrefix: 'activation',
  doc: 'Applies an activation function on its own, element by element.',
  category: 'core',
  args: [{ ...activationArg(), required: true, default: undefined, doc: 'The activation to apply.' }],
  outputShape: (input) => ok(input),
  params: () => countOf(0),
  formula: (_input, _output, config, at) => `${at.output} = ${applyActivation(config.activation, `${at.input}`)}`,
  tfjs: { factory: 'activation', config: (config) => ({ activation: tfjsActivation(config.activation) }) },
};
