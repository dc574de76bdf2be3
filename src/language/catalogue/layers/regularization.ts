// Layers that only act while training (dropout and noise): the shape passes through unchanged.
import type { LayerType, SingleInputEntry } from '../types';
import { checkRank, countOf, num, ok, rateArg } from './common';

function trainingOnly(
  type: LayerType,
  namePrefix: string,
  factory: string,
  doc: string,
  arg: 'rate' | 'stddev',
  describe: (value: number) => string,
): SingleInputEntry {
  return {
    type,
    namePrefix,
    doc: `${doc} Only while training; at inference it passes its input through.`,
    category: 'regularization',
    args: [
      arg === 'rate'
        ? rateArg('Fraction of the values to drop, in [0, 1).')
        : { name: 'stddev', type: { kind: 'float', min: 0 }, required: true, role: 'behaviour', doc: 'Standard deviation of the noise.' },
    ],
    outputShape: (input) => ok(input),
    params: () => countOf(0),
    formula: (_input, _output, config, at) =>
      `${at.output} = ${describe(num(config, arg)).replace('%h', `${at.input}`)} (training only)`,
    tfjs: { factory, config: (config) => ({ [arg]: config[arg] }) },
  };
}

const percent = (rate: number): string => `${Math.round(rate * 1000) / 10}%`;

export const dropout = trainingOnly(
  'Dropout',
  'dropout',
  'dropout',
  'Sets a random fraction `rate` of its inputs to 0 and scales the rest by `1 / (1 - rate)`.',
  'rate',
  (rate) => `dropout(%h, rate=${rate}): zeroes ${percent(rate)} of the values`,
);

export const gaussianNoise = trainingOnly(
  'GaussianNoise',
  'gaussian_noise',
  'gaussianNoise',
  'Adds zero-centred Gaussian noise of standard deviation `stddev`.',
  'stddev',
  (stddev) => `%h + noise, noise ~ N(0, ${stddev}^2)`,
);

export const gaussianDropout = trainingOnly(
  'GaussianDropout',
  'gaussian_dropout',
  'gaussianDropout',
  'Multiplies its inputs by Gaussian noise of mean 1 and variance `rate / (1 - rate)`.',
  'rate',
  (rate) => `%h * noise, noise ~ N(1, ${rate}/(1-${rate}))`,
);

export const alphaDropout = trainingOnly(
  'AlphaDropout',
  'alpha_dropout',
  'alphaDropout',
  'Dropout that keeps the mean and variance of its inputs (for `selu` networks).',
  'rate',
  (rate) => `alpha_dropout(%h, rate=${rate})`,
);

const spatialDropoutBase = trainingOnly(
  'SpatialDropout1D',
  'spatial_dropout1d',
  'spatialDropout1d',
  'Drops whole channels of a `[steps, channels]` input instead of single values.',
  'rate',
  (rate) => `spatial_dropout(%h, rate=${rate}): drops ${percent(rate)} of the channels`,
);

export const spatialDropout1d: SingleInputEntry = {
  ...spatialDropoutBase,
  outputShape: (input) => checkRank('SpatialDropout1D', input, 3, '[batch, steps, channels]') ?? ok(input),
};
