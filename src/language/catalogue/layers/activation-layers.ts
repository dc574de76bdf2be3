// Activations written as layers of their own, with a parameter (ReLU's cap, LeakyReLU's and
// ELU's alpha, Softmax's axis).
import { formatShape } from '../../shapes';
import type { SingleInputEntry } from '../types';
import { countOf, fail, num, ok, resolveAxis } from './common';

export const relu: SingleInputEntry = {
  type: 'ReLU',
  namePrefix: 're_lu',
  doc: 'Rectified linear unit as a layer, optionally capped at `max_value`.',
  category: 'activation',
  args: [
    { name: 'max_value', type: { kind: 'float', min: 0 }, role: 'behaviour', doc: 'Upper bound of the output; unset means no cap.' },
  ],
  outputShape: (input) => ok(input),
  params: () => countOf(0),
  formula: (_input, _output, config, at) =>
    config.max_value === undefined
      ? `${at.output} = max(0, ${at.input})`
      : `${at.output} = min(max(0, ${at.input}), ${num(config, 'max_value')})`,
  tfjs: { factory: 'reLU', config: (config) => (config.max_value === undefined ? {} : { maxValue: config.max_value }) },
};

export const leakyRelu: SingleInputEntry = {
  type: 'LeakyReLU',
  namePrefix: 'leaky_re_lu',
  doc: 'ReLU that lets a small slope `alpha` through for negative inputs.',
  category: 'activation',
  args: [{ name: 'alpha', type: { kind: 'float', min: 0 }, default: 0.3, role: 'behaviour', doc: 'Slope for negative inputs.' }],
  outputShape: (input) => ok(input),
  params: () => countOf(0),
  formula: (_input, _output, config, at) =>
    `${at.output} = ${at.input} if ${at.input} > 0, else ${num(config, 'alpha')} * ${at.input}`,
  tfjs: { factory: 'leakyReLU', config: (config) => ({ alpha: config.alpha }) },
};

export const elu: SingleInputEntry = {
  type: 'ELU',
  namePrefix: 'elu',
  doc: 'Exponential linear unit as a layer, with its `alpha`.',
  category: 'activation',
  args: [
    {
      name: 'alpha',
      type: { kind: 'float', min: 1, max: 1 },
      default: 1,
      role: 'behaviour',
      doc: 'Scale of the negative part; tfjs supports only 1 (use the `elu` activation otherwise).',
    },
  ],
  outputShape: (input) => ok(input),
  params: () => countOf(0),
  formula: (_input, _output, config, at) =>
    `${at.output} = ${at.input} if ${at.input} > 0, else ${num(config, 'alpha')} * (exp(${at.input}) - 1)`,
  tfjs: { factory: 'elu', config: (config) => ({ alpha: config.alpha }) },
};

export const softmax: SingleInputEntry = {
  type: 'Softmax',
  namePrefix: 'softmax',
  doc: 'Softmax as a layer, along `axis`: the values along it become probabilities that sum to 1.',
  category: 'activation',
  args: [{ name: 'axis', type: { kind: 'int' }, default: -1, doc: 'The axis normalised; tfjs supports only the last one (-1).' }],
  outputShape: (input, config) =>
    resolveAxis(num(config, 'axis'), input.length) === input.length - 1
      ? ok(input)
      : fail('invalidAxis', `Softmax axis ${num(config, 'axis')} of ${formatShape(input)}: tfjs supports softmax only along the last axis (-1)`, 'axis', input),
  params: () => countOf(0),
  formula: (_input, _output, _config, at) => `${at.output} = softmax(${at.input})`,
  tfjs: { factory: 'softmax', config: (config) => ({ axis: config.axis }) },
};
