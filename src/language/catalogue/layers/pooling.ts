// Max and average pooling over windows (strides default to the pool size), and global pooling
// that reduces every spatial axis.
import { formatDims } from '../../shapes';
import type { ConfigValue } from '../../types';
import type { SingleInputEntry } from '../types';
import { checkRank, countOf, dataFormatArg, ints, lastDim, ok, padding, paddingArg, stridesArg, windowArg, type Config } from './common';
import { describeWindow, isError, slideWindow } from './windows';

const axesOf = (rank: 1 | 2): string => (rank === 1 ? '[batch, steps, channels]' : '[batch, height, width, channels]');

/** Keras: `strides=None` means "the pool size". */
function stridesOf(config: Config): number[] {
  return (config.strides as number[] | null) ?? ints(config, 'pool_size');
}

/** tfjs takes a plain number for 1D windows. */
const forTfjs = (rank: 1 | 2, value: ConfigValue): ConfigValue =>
  rank === 1 && Array.isArray(value) ? (value[0] ?? null) : value;

function pooling(kind: 'Max' | 'Average', rank: 1 | 2): SingleInputEntry {
  const type = `${kind}Pooling${rank}D` as const;
  const operation = kind === 'Max' ? 'maxpool' : 'avgpool';
  return {
    type,
    namePrefix: `${kind === 'Max' ? 'max' : 'average'}_pooling${rank}d`,
    doc: `${kind === 'Max' ? 'Keeps the largest' : 'Averages the'} value${kind === 'Max' ? '' : 's'} of each \`pool_size\` window${rank === 2 ? ' over height and width' : ' along the steps'}, channel by channel.`,
    category: 'pooling',
    args: [windowArg('pool_size', rank, 'Size of the window; an int means the same size on every axis.', 2), stridesArg(rank, true), paddingArg, dataFormatArg],
    outputShape: (input, config) => {
      const rankError = checkRank(type, input, rank + 2, axesOf(rank));
      if (rankError) return rankError;
      const spatial = slideWindow(type, input, {
        argName: 'pool_size',
        size: ints(config, 'pool_size'),
        strides: stridesOf(config),
        padding: padding(config),
        channels: lastDim(input),
      });
      return isError(spatial) ? spatial : ok([null, ...spatial, lastDim(input)]);
    },
    params: () => countOf(0),
    formula: (_input, _output, config, at) =>
      `${at.output} = ${operation}(${at.input}), window ${formatDims(ints(config, 'pool_size'))}, ${describeWindow(stridesOf(config), padding(config))}`,
    tfjs: {
      factory: `${kind === 'Max' ? 'max' : 'average'}Pooling${rank}d`,
      config: (config) => ({
        poolSize: forTfjs(rank, config.pool_size),
        strides: forTfjs(rank, stridesOf(config)),
        padding: config.padding,
        dataFormat: 'channelsLast',
      }),
    },
  };
}

function globalPooling(kind: 'Max' | 'Average', rank: 1 | 2): SingleInputEntry {
  const type = `Global${kind}Pooling${rank}D` as const;
  return {
    type,
    namePrefix: `global_${kind === 'Max' ? 'max' : 'average'}_pooling${rank}d`,
    doc: `${kind === 'Max' ? 'Largest' : 'Mean'} value of each channel over all ${rank === 2 ? 'positions of the image' : 'steps'}: \`${axesOf(rank)}\` becomes \`[batch, channels]\`.`,
    category: 'pooling',
    args: [dataFormatArg],
    outputShape: (input) => checkRank(type, input, rank + 2, axesOf(rank)) ?? ok([null, lastDim(input)]),
    params: () => countOf(0),
    formula: (input, _output, _config, at) =>
      `${at.output} = ${kind === 'Max' ? 'max' : 'mean'} of ${at.input} over ${formatDims(input.slice(1, -1))}, per channel`,
    tfjs: { factory: `global${kind}Pooling${rank}d`, config: () => ({ dataFormat: 'channelsLast' }) },
  };
}

export const maxPooling1d = pooling('Max', 1);
export const averagePooling1d = pooling('Average', 1);
export const maxPooling2d = pooling('Max', 2);
export const averagePooling2d = pooling('Average', 2);
export const globalMaxPooling1d = globalPooling('Max', 1);
export const globalAveragePooling1d = globalPooling('Average', 1);
export const globalMaxPooling2d = globalPooling('Max', 2);
export const globalAveragePooling2d = globalPooling('Average', 2);
