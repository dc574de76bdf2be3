// Layers that move values around without weights: Flatten, Reshape, Permute, RepeatVector,
// UpSampling2D, ZeroPadding2D, Cropping2D.
import { formatDims, formatShape, sampleSize } from '../../shapes';
import type { Shape } from '../../types';
import type { LayerType, SingleInputEntry } from '../types';
import { checkRank, countOf, dataFormatArg, fail, ints, lastDim, num, ok } from './common';

const spatialAxes = '[batch, height, width, channels]';

export const flatten: SingleInputEntry = {
  type: 'Flatten',
  namePrefix: 'flatten',
  doc: 'Flattens each sample into a vector: `[batch, 5, 5, 64]` becomes `[batch, 1600]`. Needed between convolutions and Dense layers.',
  category: 'reshaping',
  args: [dataFormatArg],
  outputShape: (input) => {
    // tfjs requires rank >= 3 here (Keras accepts a flat input and passes it through).
    if (input.length < 3) {
      return fail('wrongInputRank', `Flatten expects an input of rank 3 or more; ${formatShape(input)} is already flat`, undefined, input);
    }
    return ok([null, sampleSize(input) ?? null]);
  },
  params: () => countOf(0),
  formula: (input, output, _config, at) =>
    `${at.output} = flatten(${at.input}): ${formatDims(input.slice(1))} -> ${formatDims(output.slice(1))}`,
  tfjs: { factory: 'flatten', config: () => ({ dataFormat: 'channelsLast' }) },
};

export const reshape: SingleInputEntry = {
  type: 'Reshape',
  namePrefix: 'reshape',
  doc: 'Gives each sample a new shape with the same number of values; one size may be `-1` (inferred).',
  category: 'reshaping',
  args: [
    {
      name: 'target_shape',
      type: { kind: 'shape', allowMinusOne: true },
      required: true,
      doc: 'The new shape of one sample, batch dimension excluded; at most one `-1`.',
    },
  ],
  outputShape: (input, config) => {
    const target = ints(config, 'target_shape');
    const size = sampleSize(input);
    if (size === undefined) return ok([null, ...target]);
    const known = target.filter((dim) => dim !== -1).reduce((a, b) => a * b, 1);
    const inferred = target.includes(-1);
    if (inferred ? size % known !== 0 : size !== known) {
      const needs = inferred ? `a multiple of ${known} values` : `${known} values`;
      return fail(
        'impossibleReshape',
        `Reshape to ${formatShape(target)} needs ${needs} per sample; its input ${formatShape(input)} has ${size}`,
        'target_shape',
        // Without a -1 the intended output is clear, and the layers after it can be inferred.
        inferred ? undefined : [null, ...target],
      );
    }
    return ok([null, ...target.map((dim) => (dim === -1 ? size / known : dim))]);
  },
  resolveConfig: (_input, output, config) => ({ ...config, target_shape: output.slice(1) }),
  params: () => countOf(0),
  formula: (input, output, _config, at) =>
    `${at.output} = reshape(${at.input}): ${formatDims(input.slice(1))} -> ${formatDims(output.slice(1))}`,
  tfjs: { factory: 'reshape', config: (config) => ({ targetShape: config.target_shape }) },
};

export const permute: SingleInputEntry = {
  type: 'Permute',
  namePrefix: 'permute',
  doc: 'Reorders the axes of each sample: `dims=[2, 1]` swaps the first two (axes count from 1, the batch axis is not included).',
  category: 'reshaping',
  args: [{ name: 'dims', type: { kind: 'axes' }, required: true, doc: 'The new order of the axes, numbered from 1.' }],
  outputShape: (input, config) => {
    const dims = ints(config, 'dims');
    const rank = input.length - 1;
    const sorted = [...dims].sort((a, b) => a - b);
    if (dims.length !== rank || sorted.some((dim, i) => dim !== i + 1)) {
      return fail(
        'invalidAxis',
        `Permute dims ${formatShape(dims)} must order the axes 1..${rank} of ${formatShape(input)}, each once`,
        'dims',
      );
    }
    return ok([null, ...dims.map((dim) => input[dim] ?? null)]);
  },
  params: () => countOf(0),
  formula: (_input, _output, config, at) =>
    `${at.output} = permute(${at.input}, axes ${ints(config, 'dims').join(', ')})`,
  tfjs: { factory: 'permute', config: (config) => ({ dims: config.dims }) },
};

export const repeatVector: SingleInputEntry = {
  type: 'RepeatVector',
  namePrefix: 'repeat_vector',
  doc: 'Repeats a vector `n` times: `[batch, features]` becomes `[batch, n, features]`.',
  category: 'reshaping',
  args: [{ name: 'n', type: { kind: 'int', min: 1 }, required: true, doc: 'Number of repetitions.' }],
  outputShape: (input, config) =>
    checkRank('RepeatVector', input, 2, '[batch, features]') ?? ok([null, num(config, 'n'), lastDim(input)]),
  params: () => countOf(0),
  formula: (_input, _output, config, at) => `${at.output} = ${at.input} repeated ${num(config, 'n')} times`,
  tfjs: { factory: 'repeatVector', config: (config) => ({ n: config.n }) },
};

/** Height and width changed by `change(size, axis)`; the channels stay. */
function resizeSpatial(input: Shape, change: (size: number, axis: 0 | 1) => number): Shape {
  return [null, change(input[1] as number, 0), change(input[2] as number, 1), lastDim(input)];
}

export const upSampling2d: SingleInputEntry = {
  type: 'UpSampling2D',
  namePrefix: 'up_sampling2d',
  doc: 'Repeats rows and columns: `size=2` doubles height and width.',
  category: 'reshaping',
  args: [
    { name: 'size', type: { kind: 'intTuple', length: 2, min: 1 }, default: [2, 2], doc: 'Factors for height and width.' },
    dataFormatArg,
    {
      name: 'interpolation',
      type: { kind: 'enum', values: ['nearest', 'bilinear'] },
      default: 'nearest',
      role: 'behaviour',
      doc: 'How new pixels are filled.',
    },
  ],
  outputShape: (input, config) => {
    const size = ints(config, 'size');
    return checkRank('UpSampling2D', input, 4, spatialAxes) ?? ok(resizeSpatial(input, (n, axis) => n * (size[axis] ?? 1)));
  },
  params: () => countOf(0),
  formula: (_input, _output, config, at) =>
    `${at.output} = upsample(${at.input}, ${formatDims(ints(config, 'size'))}, ${config.interpolation as string})`,
  tfjs: {
    factory: 'upSampling2d',
    config: (config) => ({ size: config.size, dataFormat: 'channelsLast', interpolation: config.interpolation }),
  },
};

/**
 * ZeroPadding2D and Cropping2D: the same layer with opposite signs. `arg` is a pair (rows,
 * columns) of pixels added (`grow = 1`) or removed (`grow = -1`) on each side.
 */
function borderLayer(options: { type: LayerType; namePrefix: string; doc: string; arg: string; default: [number, number]; argDoc: string; grow: 1 | -1; operation: string; factory: string }): SingleInputEntry {
  const { type, arg, grow, operation } = options;
  return {
    type,
    namePrefix: options.namePrefix,
    doc: options.doc,
    category: 'reshaping',
    args: [{ name: arg, type: { kind: 'intTuple', length: 2, min: 0 }, default: options.default, doc: options.argDoc }, dataFormatArg],
    outputShape: (input, config) => {
      const rankError = checkRank(type, input, 4, spatialAxes);
      if (rankError) return rankError;
      const border = ints(config, arg);
      const output = resizeSpatial(input, (n, axis) => n + grow * 2 * (border[axis] ?? 0));
      // Only cropping can shrink an image to nothing.
      if ((output[1] as number) < 1 || (output[2] as number) < 1) {
        return fail('nonPositiveDimension', `${type} ${arg} ${formatDims(border)} on each side leaves nothing of ${formatDims(input.slice(1, 3))}`, arg);
      }
      return ok(output);
    },
    params: () => countOf(0),
    formula: (_input, _output, config, at) => `${at.output} = ${operation}(${at.input}, ${formatDims(ints(config, arg))}${grow > 0 ? ' zeros' : ''} on each side)`,
    tfjs: { factory: options.factory, config: (config) => ({ [arg]: config[arg], dataFormat: 'channelsLast' }) },
  };
}

export const zeroPadding2d = borderLayer({
  type: 'ZeroPadding2D',
  namePrefix: 'zero_padding2d',
  doc: 'Adds rows and columns of zeros around each image: `padding=(1, 2)` adds 1 row at the top and bottom and 2 columns left and right.',
  arg: 'padding',
  default: [1, 1],
  argDoc: 'Rows added at the top and the bottom, columns added at the left and the right.',
  grow: 1,
  operation: 'pad',
  factory: 'zeroPadding2d',
});

export const cropping2d = borderLayer({
  type: 'Cropping2D',
  namePrefix: 'cropping2d',
  doc: 'Removes rows and columns at the borders of each image: `cropping=(2, 2)` removes 2 on every side.',
  arg: 'cropping',
  default: [0, 0],
  argDoc: 'Rows removed at the top and the bottom, columns removed at the left and the right.',
  grow: -1,
  operation: 'crop',
  factory: 'cropping2D',
});
