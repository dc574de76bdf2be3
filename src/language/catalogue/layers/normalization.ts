// BatchNormalization (4 vectors per feature: gamma and beta trained, the moving mean and
// variance not) and LayerNormalization (gamma and beta).
import { formatShape } from '../../shapes';
import type { Shape } from '../../types';
import type { ArgSpec, SingleFormulaNames, SingleInputEntry } from '../types';
import { bool, countOf, fail, num, ok, resolveAxis, type Config } from './common';

const axisArg: ArgSpec = { name: 'axis', type: { kind: 'int' }, default: -1, doc: 'The feature axis that is normalised per feature (-1: the last one).' };
const epsilonArg: ArgSpec = {
  name: 'epsilon',
  type: { kind: 'float', min: 0, minExclusive: true },
  default: 0.001,
  role: 'behaviour',
  doc: 'Added to the variance to avoid dividing by zero.',
};
const centerArg: ArgSpec = { name: 'center', type: { kind: 'bool' }, default: true, role: 'params', doc: 'Learn an offset `beta`.' };
const scaleArg: ArgSpec = { name: 'scale', type: { kind: 'bool' }, default: true, role: 'params', doc: 'Learn a factor `gamma`.' };

function checkAxis(type: string, input: Shape, config: Config) {
  return resolveAxis(num(config, 'axis'), input.length) === undefined
    ? fail('invalidAxis', `${type} axis ${num(config, 'axis')} is not a feature axis of ${formatShape(input)}`, 'axis', input)
    : undefined;
}

function features(input: Shape, config: Config): number {
  return input[resolveAxis(num(config, 'axis'), input.length) ?? input.length - 1] as number;
}

function learned(config: Config): number {
  return (bool(config, 'center') ? 1 : 0) + (bool(config, 'scale') ? 1 : 0);
}

/** `gamma0 * (h1 - mean0) / sqrt(var0 + 0.001) + beta0`, dropping what `center`/`scale` turn off. */
function normalised(config: Config, at: SingleFormulaNames, statistics: string): string {
  const k = at.index - 1;
  const core = `(${at.input} - mean${k}) / sqrt(var${k} + ${num(config, 'epsilon')})`;
  const scaled = bool(config, 'scale') ? `gamma${k} * ${core}` : core;
  return `${at.output} = ${bool(config, 'center') ? `${scaled} + beta${k}` : scaled}, ${statistics}`;
}

export const batchNormalization: SingleInputEntry = {
  type: 'BatchNormalization',
  namePrefix: 'batch_normalization',
  doc: 'Normalises each feature with the batch mean and variance while training (moving averages at inference), then scales by `gamma` and shifts by `beta`.',
  category: 'normalization',
  args: [
    axisArg,
    {
      name: 'momentum',
      type: { kind: 'float', min: 0, max: 1 },
      default: 0.99,
      role: 'behaviour',
      doc: 'Momentum of the moving mean and variance.',
    },
    epsilonArg,
    centerArg,
    scaleArg,
  ],
  outputShape: (input, config) => checkAxis('BatchNormalization', input, config) ?? ok(input),
  params: (input, config) => {
    const size = features(input, config);
    return countOf(learned(config) * size, 2 * size);
  },
  formula: (input, _output, config, at) =>
    normalised(config, at, `per feature (${features(input, config)}), batch statistics while training`),
  tfjs: {
    factory: 'batchNormalization',
    config: (config) => ({
      axis: config.axis,
      momentum: config.momentum,
      epsilon: config.epsilon,
      center: config.center,
      scale: config.scale,
    }),
  },
};

export const layerNormalization: SingleInputEntry = {
  type: 'LayerNormalization',
  namePrefix: 'layer_normalization',
  doc: 'Normalises each sample over its feature axis (no batch statistics), then scales by `gamma` and shifts by `beta`.',
  category: 'normalization',
  args: [axisArg, epsilonArg, centerArg, scaleArg],
  outputShape: (input, config) => checkAxis('LayerNormalization', input, config) ?? ok(input),
  params: (input, config) => countOf(learned(config) * features(input, config)),
  formula: (input, _output, config, at) =>
    normalised(config, at, `statistics of each sample over ${features(input, config)} features`),
  tfjs: {
    factory: 'layerNormalization',
    config: (config) => ({ axis: config.axis, epsilon: config.epsilon, center: config.center, scale: config.scale }),
  },
};
