// Building blocks shared by the layer entries: common arguments, typed reads of a resolved
// config, shape errors, and the article-notation helpers for formulas.
import type { CodeName } from '../../codes';
import { formatShape, type Padding } from '../../shapes';
import type { ConfigValue, Shape } from '../../types';
import { findActivation } from '../activations';
import type { ArgSpec, ParamCount, SeededInitializer, ShapeResult } from '../types';

export type Config = Record<string, ConfigValue>;

// ---- arguments ------------------------------------------------------------------------

export function activationArg(defaultName = 'linear'): ArgSpec {
  return {
    name: 'activation',
    type: { kind: 'activation' },
    default: defaultName,
    role: 'behaviour',
    doc: 'Activation applied to the output.',
  };
}

export const useBiasArg: ArgSpec = {
  name: 'use_bias',
  type: { kind: 'bool' },
  default: true,
  role: 'params',
  doc: 'Whether the layer adds a bias vector.',
};

export const paddingArg: ArgSpec = {
  name: 'padding',
  type: { kind: 'enum', values: ['valid', 'same'] },
  default: 'valid',
  doc: '`valid`: no padding, the window stays inside the input; `same`: zero padding so that the output size is `ceil(input / stride)`.',
};

export const dataFormatArg: ArgSpec = {
  name: 'data_format',
  type: { kind: 'enum', values: ['channels_last'] },
  default: 'channels_last',
  doc: 'Axis order of the input; only `channels_last` (`[batch, ..., channels]`) is supported.',
};

export function filtersArg(doc = 'Number of output channels (filters).'): ArgSpec {
  return { name: 'filters', type: { kind: 'int', min: 1 }, required: true, doc };
}

export function windowArg(name: string, length: number, doc: string, fallback?: number): ArgSpec {
  return {
    name,
    type: { kind: 'intTuple', length, min: 1 },
    ...(fallback === undefined ? { required: true } : { default: Array<number>(length).fill(fallback) }),
    doc,
  };
}

export function stridesArg(length: number, optional = false): ArgSpec {
  return optional
    ? {
        name: 'strides',
        type: { kind: 'optionalIntTuple', length, min: 1 },
        default: null,
        doc: 'Step of the window; `none` means the pool size.',
      }
    : { name: 'strides', type: { kind: 'intTuple', length, min: 1 }, default: Array<number>(length).fill(1), doc: 'Step of the window.' };
}

export function dilationArg(length: number): ArgSpec {
  return {
    name: 'dilation_rate',
    type: { kind: 'intTuple', length, min: 1 },
    default: Array<number>(length).fill(1),
    doc: 'Spacing between kernel taps (atrous convolution); cannot be combined with strides > 1.',
  };
}

export function rateArg(doc: string): ArgSpec {
  return { name: 'rate', type: { kind: 'float', min: 0, max: 1, maxExclusive: true }, required: true, role: 'behaviour', doc };
}

// ---- typed reads of a resolved config ---------------------------------------------------

export function num(config: Config, name: string): number {
  return config[name] as number;
}
export function str(config: Config, name: string): string {
  return config[name] as string;
}
export function bool(config: Config, name: string): boolean {
  return config[name] as boolean;
}
export function ints(config: Config, name: string): number[] {
  return config[name] as number[];
}
export function padding(config: Config): Padding {
  return config.padding as Padding;
}

// ---- shapes ------------------------------------------------------------------------------

export function ok(shape: Shape): ShapeResult {
  return { shape };
}

/** A shape problem; `shape` is the output the layer would still have, when the mistake doesn't change it. */
export function fail(code: CodeName, message: string, arg?: string, shape?: Shape): ShapeResult {
  return shape ? { error: { code, message, arg }, shape } : { error: { code, message, arg } };
}

/** The rank check every spatial layer starts with; `expected` describes the axes for the message. */
export function checkRank(type: string, input: Shape, rank: number, expected: string): ShapeResult | undefined {
  if (input.length === rank) return undefined;
  return fail(
    'wrongInputRank',
    `${type} expects an input of rank ${rank} (${expected}); got ${formatShape(input)} (rank ${input.length})`,
  );
}

export function countOf(trainable: number, nonTrainable = 0): ParamCount {
  return { trainable, nonTrainable };
}

/** Last axis, as a known size (all non-batch sizes are known in this language). */
export function lastDim(shape: Shape): number {
  return shape[shape.length - 1] ?? 0;
}

/** Normalises a possibly negative axis against a rank; undefined when out of range or the batch axis. */
export function resolveAxis(axis: number, rank: number): number | undefined {
  const resolved = axis < 0 ? rank + axis : axis;
  return resolved >= 1 && resolved < rank ? resolved : undefined;
}

// ---- tfjs mapping ---------------------------------------------------------------------------

export function tfjsActivation(name: ConfigValue): string {
  return findActivation(name as string)?.tfjs ?? (name as string);
}

/**
 * The random initialisers of the layers with weights, as Keras defaults them (tfjs's own
 * default for kernels is glorotNormal; Keras's, which we follow, glorotUniform). Each layer
 * lists exactly the keys its tfjs class takes (checked against tfjs by
 * test/engine/build-model.test.ts).
 */
export const seeded = {
  /** Dense, Conv1D, Conv2D, Conv2DTranspose: `kernel`. */
  kernel: [{ key: 'kernelInitializer', distribution: 'glorotUniform' }],
  /** DepthwiseConv2D: `depthwise_kernel` only (it has no `kernel`: tfjs would ignore a kernelInitializer). */
  depthwise: [{ key: 'depthwiseInitializer', distribution: 'glorotUniform' }],
  /** SeparableConv2D: `depthwise_kernel` and `pointwise_kernel`; a kernelInitializer is refused. */
  separable: [
    { key: 'depthwiseInitializer', distribution: 'glorotUniform' },
    { key: 'pointwiseInitializer', distribution: 'glorotUniform' },
  ],
  /** SimpleRNN, LSTM, GRU: `kernel` and `recurrent_kernel`. */
  recurrent: [
    { key: 'kernelInitializer', distribution: 'glorotUniform' },
    { key: 'recurrentInitializer', distribution: 'orthogonal' },
  ],
} as const satisfies Record<string, readonly SeededInitializer[]>;

// ---- formulas in the article's notation -----------------------------------------------------

/** `relu(x)`, or `x` for the linear activation. */
export function applyActivation(activation: ConfigValue, expression: string): string {
  return activation === 'linear' ? expression : `${activation as string}(${expression})`;
}

export function withBias(useBias: boolean, bias: string, expression: string): string {
  return useBias ? `${bias} + ${expression}` : expression;
}
