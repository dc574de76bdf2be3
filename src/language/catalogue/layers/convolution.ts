// Convolutions over channels-last inputs: Conv1D, Conv2D, Conv2DTranspose, DepthwiseConv2D,
// SeparableConv2D. Output sizes follow tfjs `convOutputLength`/`deconvLength`.
import { deconvOutputLength, formatDims } from '../../shapes';
import type { Shape } from '../../types';
import type { SingleFormulaNames, SingleInputEntry } from '../types';
import {
  activationArg,
  applyActivation,
  bool,
  checkRank,
  countOf,
  dataFormatArg,
  dilationArg,
  filtersArg,
  ints,
  lastDim,
  num,
  ok,
  padding,
  paddingArg,
  seeded,
  stridesArg,
  tfjsActivation,
  useBiasArg,
  windowArg,
  withBias,
  type Config,
} from './common';
import { describeWindow, isError, slideWindow } from './windows';

const depthMultiplierArg = {
  name: 'depth_multiplier',
  type: { kind: 'int', min: 1 },
  default: 1,
  doc: 'Output channels per input channel of the depthwise step.',
} as const;

const axesOf = (rank: 1 | 2): string => (rank === 1 ? '[batch, steps, channels]' : '[batch, height, width, channels]');

/** `h1 = relu(b0 + conv(W0, h0)), W0: 3x3x1x32, strides 1x1, valid` */
function convolutionFormula(operation: string, weights: (input: Shape, config: Config) => string) {
  return (input: Shape, _output: Shape, config: Config, at: SingleFormulaNames): string => {
    const w = `W${at.index - 1}`;
    const applied = withBias(bool(config, 'use_bias'), `b${at.index - 1}`, `${operation}(${w}, ${at.input})`);
    return `${at.output} = ${applyActivation(config.activation, applied)}, ${w}: ${weights(input, config)}, ${describeWindow(ints(config, 'strides'), padding(config))}`;
  };
}

/** Weights of a full convolution (Conv1D/2D and Conv2DTranspose): one kernel per input-output channel pair, plus a bias per filter. */
function convolutionParams(input: Shape, config: Config) {
  const kernel = ints(config, 'kernel_size').reduce((a, b) => a * b, 1);
  const filters = num(config, 'filters');
  return countOf(kernel * lastDim(input) * filters + (bool(config, 'use_bias') ? filters : 0));
}

/** The tfjs config keys every convolution here takes (always channels-last). */
function tfjsWindowConfig(config: Config): Record<string, unknown> {
  return {
    kernelSize: config.kernel_size,
    strides: config.strides,
    padding: config.padding,
    dataFormat: 'channelsLast',
    activation: tfjsActivation(config.activation),
    useBias: config.use_bias,
  };
}

function convolution(rank: 1 | 2): SingleInputEntry {
  const type = `Conv${rank}D` as const;
  return {
    type,
    namePrefix: `conv${rank}d`,
    doc:
      rank === 1
        ? 'Temporal convolution: slides `filters` kernels along the steps of a `[steps, channels]` input.'
        : 'Spatial convolution: slides `filters` kernels of `kernel_size` over the height and width of an image.',
    category: 'convolution',
    args: [
      filtersArg(),
      windowArg('kernel_size', rank, 'Size of the kernel; an int means the same size on every axis.'),
      stridesArg(rank),
      paddingArg,
      dataFormatArg,
      dilationArg(rank),
      activationArg(),
      useBiasArg,
    ],
    outputShape: (input, config) => {
      const rankError = checkRank(type, input, rank + 2, axesOf(rank));
      if (rankError) return rankError;
      const spatial = slideWindow(type, input, {
        argName: 'kernel_size',
        size: ints(config, 'kernel_size'),
        strides: ints(config, 'strides'),
        padding: padding(config),
        dilation: ints(config, 'dilation_rate'),
        channels: num(config, 'filters'),
      });
      return isError(spatial) ? spatial : ok([null, ...spatial, num(config, 'filters')]);
    },
    params: convolutionParams,
    formula: convolutionFormula('conv', (input, config) =>
      formatDims([...ints(config, 'kernel_size'), lastDim(input), num(config, 'filters')]),
    ),
    tfjs: {
      factory: `conv${rank}d`,
      config: (config) => ({ filters: config.filters, dilationRate: config.dilation_rate, ...tfjsWindowConfig(config) }),
      initializers: seeded.kernel,
    },
  };
}

export const conv1d = convolution(1);
export const conv2d = convolution(2);

export const conv2dTranspose: SingleInputEntry = {
  type: 'Conv2DTranspose',
  namePrefix: 'conv2d_transpose',
  doc: 'Transposed convolution ("deconvolution"): grows height and width by the strides, as in decoders and upsampling paths.',
  category: 'convolution',
  args: [
    filtersArg(),
    windowArg('kernel_size', 2, 'Size of the kernel; an int means a square kernel.'),
    stridesArg(2),
    paddingArg,
    dataFormatArg,
    activationArg(),
    useBiasArg,
  ],
  outputShape: (input, config) => {
    const rankError = checkRank('Conv2DTranspose', input, 4, axesOf(2));
    if (rankError) return rankError;
    const kernel = ints(config, 'kernel_size');
    const strides = ints(config, 'strides');
    const spatial = [1, 2].map((axis, i) =>
      deconvOutputLength(input[axis] as number, kernel[i] ?? 1, strides[i] ?? 1, padding(config)),
    );
    return ok([null, ...spatial, num(config, 'filters')]);
  },
  params: convolutionParams,
  formula: convolutionFormula('conv_transpose', (input, config) =>
    formatDims([...ints(config, 'kernel_size'), num(config, 'filters'), lastDim(input)]),
  ),
  tfjs: {
    factory: 'conv2dTranspose',
    config: (config) => ({ filters: config.filters, ...tfjsWindowConfig(config) }),
    initializers: seeded.kernel,
  },
};

function depthwiseSpatial(type: string, input: Shape, config: Config, channels: number) {
  const rankError = checkRank(type, input, 4, axesOf(2));
  if (rankError) return rankError;
  return slideWindow(type, input, {
    argName: 'kernel_size',
    size: ints(config, 'kernel_size'),
    strides: ints(config, 'strides'),
    padding: padding(config),
    dilation: config.dilation_rate === undefined ? undefined : ints(config, 'dilation_rate'),
    channels,
  });
}

export const depthwiseConv2d: SingleInputEntry = {
  type: 'DepthwiseConv2D',
  namePrefix: 'depthwise_conv2d',
  doc: 'Convolves each input channel with its own `depth_multiplier` kernels; channels are not mixed.',
  category: 'convolution',
  args: [
    windowArg('kernel_size', 2, 'Size of the kernel; an int means a square kernel.'),
    stridesArg(2),
    paddingArg,
    depthMultiplierArg,
    dataFormatArg,
    // No dilation_rate: tfjs's DepthwiseConv2D ignores it.
    activationArg(),
    useBiasArg,
  ],
  outputShape: (input, config) => {
    const channels = lastDim(input) * num(config, 'depth_multiplier');
    const spatial = depthwiseSpatial('DepthwiseConv2D', input, config, channels);
    return isError(spatial) ? spatial : ok([null, ...spatial, channels]);
  },
  params: (input, config) => {
    const kernel = ints(config, 'kernel_size').reduce((a, b) => a * b, 1);
    const outputs = lastDim(input) * num(config, 'depth_multiplier');
    return countOf(kernel * outputs + (bool(config, 'use_bias') ? outputs : 0));
  },
  formula: convolutionFormula('depthwise_conv', (input, config) =>
    formatDims([...ints(config, 'kernel_size'), lastDim(input), num(config, 'depth_multiplier')]),
  ),
  tfjs: {
    factory: 'depthwiseConv2d',
    config: (config) => ({ depthMultiplier: config.depth_multiplier, ...tfjsWindowConfig(config) }),
    initializers: seeded.depthwise,
  },
};

export const separableConv2d: SingleInputEntry = {
  type: 'SeparableConv2D',
  namePrefix: 'separable_conv2d',
  doc: 'A depthwise convolution followed by a 1x1 (pointwise) convolution: far fewer weights than Conv2D.',
  category: 'convolution',
  args: [
    filtersArg(),
    windowArg('kernel_size', 2, 'Size of the depthwise kernel; an int means a square kernel.'),
    stridesArg(2),
    paddingArg,
    dataFormatArg,
    dilationArg(2),
    depthMultiplierArg,
    activationArg(),
    useBiasArg,
  ],
  outputShape: (input, config) => {
    const spatial = depthwiseSpatial('SeparableConv2D', input, config, num(config, 'filters'));
    if (isError(spatial)) return spatial;
    return ok([null, ...spatial, num(config, 'filters')]);
  },
  params: (input, config) => {
    const kernel = ints(config, 'kernel_size').reduce((a, b) => a * b, 1);
    const depthwise = lastDim(input) * num(config, 'depth_multiplier');
    const filters = num(config, 'filters');
    return countOf(kernel * depthwise + depthwise * filters + (bool(config, 'use_bias') ? filters : 0));
  },
  formula: (input, _output, config, at) => {
    const depthwise = lastDim(input) * num(config, 'depth_multiplier');
    const d = `D${at.index - 1}`;
    const p = `P${at.index - 1}`;
    const applied = withBias(bool(config, 'use_bias'), `b${at.index - 1}`, `${p} depthwise_conv(${d}, ${at.input})`);
    return `${at.output} = ${applyActivation(config.activation, applied)}, ${d}: ${formatDims([...ints(config, 'kernel_size'), lastDim(input), num(config, 'depth_multiplier')])}, ${p}: ${num(config, 'filters')}x${depthwise}, ${describeWindow(ints(config, 'strides'), padding(config))}`;
  },
  tfjs: {
    factory: 'separableConv2d',
    config: (config) => ({
      filters: config.filters,
      dilationRate: config.dilation_rate,
      depthMultiplier: config.depth_multiplier,
      ...tfjsWindowConfig(config),
    }),
    initializers: seeded.separable,
  },
};
