// The shape of one entry of the layer catalogue. One entry per layer type drives parsing
// checks, completion, hover, signature help, shape inference, parameter counts, the docs
// and the tfjs model builder: adding a layer type is adding one entry.
import type { ConfigValue, Shape } from '../types';

export type ArgType =
  | { kind: 'int'; min?: number; max?: number }
  | { kind: 'float'; min?: number; max?: number; /** exclusive upper bound */ maxExclusive?: boolean }
  | { kind: 'bool' }
  /** One of a fixed set of identifiers/strings (padding, data_format, ...). */
  | { kind: 'enum'; values: string[] }
  /** An activation name from the activation catalogue. */
  | { kind: 'activation' }
  /** An int or a tuple of `length` ints; an int means a square pair (`3` = `(3, 3)`). */
  | { kind: 'intTuple'; length: number; min?: number }
  /** A shape: a list of ints (or -1 once, for Reshape). */
  | { kind: 'shape'; allowMinusOne?: boolean }
  /** Same type as `int`, but `null` (written `none`/`null`) is also allowed. */
  | { kind: 'optionalIntTuple'; length: number; min?: number };

export interface ArgSpec {
  /** Keras argument name (snake_case). Position in `args` is the Keras positional order. */
  name: string;
  type: ArgType;
  /** Keras default; `undefined` together with `required` means the argument must be given. */
  default?: ConfigValue;
  required?: boolean;
  doc: string;
}

/** Result of a shape rule: the output shape, or a problem tied to an argument (or the layer). */
export type ShapeResult =
  | { shape: Shape }
  | { error: { code: string; message: string; arg?: string } };

export interface ParamCount {
  trainable: number;
  nonTrainable: number;
}

export interface LayerEntry {
  /** Keras class name, as written in `.dnn` files. */
  type: string;
  /** Keras auto-name prefix: `dense` gives `dense`, `dense_1`, ... */
  namePrefix: string;
  /** Markdown, one or two sentences, shown in hover and completion. */
  doc: string;
  /** Category for docs and completion sorting. */
  category: 'core' | 'convolution' | 'pooling' | 'normalization' | 'regularization' | 'reshaping';
  args: ArgSpec[];
  /** Input shape (batch first) and resolved config → output shape or a problem. */
  outputShape(input: Shape, config: Record<string, ConfigValue>): ShapeResult;
  /** Parameters as tfjs `countParams()` counts them. */
  params(input: Shape, config: Record<string, ConfigValue>): ParamCount;
  /** The formula in the article's notation (hover), e.g. `h2 = relu(b1 + W1 h1), W1: 64x64`. `index` is the 1-based layer index among layers with weights. */
  formula?(input: Shape, output: Shape, config: Record<string, ConfigValue>, index: number): string;
  /** How the engine builds it: the tfjs `tf.layers` factory name and a Keras→tfjs config mapping. */
  tfjs: {
    factory: string;
    /** Keras config (resolved) → tfjs layer config (camelCase). Pure: no tfjs import needed. */
    config(config: Record<string, ConfigValue>): Record<string, unknown>;
  };
}
