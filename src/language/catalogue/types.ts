// The shape of one entry of the layer catalogue. One entry per layer type drives parsing
// checks, completion, hover, signature help, shape inference, parameter counts, the docs
// and the tfjs model builder: adding a layer type is adding one entry.
import type { CodeName } from '../codes';
import type { ConfigValue, Shape } from '../types';

export type ArgType =
  | { kind: 'int'; min?: number; max?: number }
  | { kind: 'float'; min?: number; max?: number; /** exclusive upper bound */ maxExclusive?: boolean; /** exclusive lower bound */ minExclusive?: boolean }
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
  | { kind: 'optionalIntTuple'; length: number; min?: number }
  /** A quoted string (file paths). */
  | { kind: 'string' }
  /** A list of distinct quoted strings (class names). */
  | { kind: 'stringList' }
  /** A list of distinct axis numbers (Permute's `dims`: 1-based, batch excluded). */
  | { kind: 'axes' }
  /** compile/fit values: names (or calls) from the optimizer, loss, metric and dataset catalogues. */
  | { kind: 'optimizer' }
  | { kind: 'loss' }
  | { kind: 'metrics' }
  | { kind: 'dataset' };

export interface ArgSpec {
  /** Keras argument name (snake_case). Position in `args` is the Keras positional order. */
  name: string;
  type: ArgType;
  /** Keras default; `undefined` together with `required` means the argument must be given. */
  default?: ConfigValue;
  required?: boolean;
  doc: string;
  /**
   * What a bad value of this argument spoils (default `shape`): `shape` leaves the layer's output
   * unknown; `params` keeps the shape but not the parameter count; `behaviour` keeps both (so a
   * typo in `activation` doesn't blank every shape below). Shape and parameter rules read only
   * `shape` and `params` arguments: a `behaviour` argument may be absent from the config.
   */
  role?: 'shape' | 'params' | 'behaviour';
}

/** A tfjs layer config key that takes a random weight initialiser. */
export type InitializerKey = 'kernelInitializer' | 'depthwiseInitializer' | 'pointwiseInitializer' | 'recurrentInitializer';

/**
 * A random weight initialiser of a layer: the tfjs config key and the Keras default
 * distribution (`glorotUniform` for kernels, `orthogonal` for recurrent kernels), which the
 * engine builds with a seed from the run (`tf.initializers[distribution]({ seed })`).
 */
export interface SeededInitializer {
  key: InitializerKey;
  distribution: 'glorotUniform' | 'orthogonal';
}

/** Result of a shape rule: the output shape, or a problem tied to an argument (or the layer). */
export type ShapeResult =
  | { shape: Shape }
  | {
      error: { code: CodeName; message: string; arg?: string };
      /** The output the layer would still have where the mistake doesn't change it (a bad axis), so later layers keep their shapes. */
      shape?: Shape;
    };

export interface ParamCount {
  trainable: number;
  nonTrainable: number;
}

/**
 * Every layer type of the catalogue, by its Keras class name. A new entry adds its name here;
 * whatever must handle every layer (the exporters' per-layer tables, `Record<LayerType, ...>`)
 * then fails the type check until it handles the new one too.
 */
export type LayerType =
  | 'Input'
  | 'Dense'
  | 'Activation'
  | 'Conv2D'
  | 'Conv1D'
  | 'Conv2DTranspose'
  | 'DepthwiseConv2D'
  | 'SeparableConv2D'
  | 'MaxPooling2D'
  | 'AveragePooling2D'
  | 'MaxPooling1D'
  | 'AveragePooling1D'
  | 'GlobalAveragePooling2D'
  | 'GlobalMaxPooling2D'
  | 'GlobalAveragePooling1D'
  | 'GlobalMaxPooling1D'
  | 'BatchNormalization'
  | 'LayerNormalization'
  | 'Dropout'
  | 'SpatialDropout1D'
  | 'GaussianNoise'
  | 'GaussianDropout'
  | 'AlphaDropout'
  | 'Flatten'
  | 'Reshape'
  | 'Permute'
  | 'RepeatVector'
  | 'UpSampling2D'
  | 'ZeroPadding2D'
  | 'Cropping2D'
  | 'ReLU'
  | 'LeakyReLU'
  | 'ELU'
  | 'Softmax'
  | 'SimpleRNN'
  | 'LSTM'
  | 'GRU'
  | 'Add'
  | 'Subtract'
  | 'Multiply'
  | 'Average'
  | 'Maximum'
  | 'Minimum'
  | 'Concatenate';

/** How many inputs a layer takes: `Input` none, most layers one, merge layers two or more. */
export interface Arity {
  min: number;
  /** Absent: no upper bound. */
  max?: number;
}

/**
 * The names a formula is written with, in the article's notation: `h0` is the input, `hN` the
 * output of the model's N-th line; `Wk`, `bk` the weights of the k-th layer with weights.
 */
export interface FormulaNames {
  /** 1-based index among layers with weights (W0/b0 belong to index 1). */
  index: number;
  /** This layer's output, e.g. `h3`. */
  output: string;
  /** Its inputs' outputs, in order, e.g. `['h1', 'h2']`. */
  inputs: readonly string[];
}

/** The names of a one-input layer's formula. */
export interface SingleFormulaNames {
  index: number;
  output: string;
  input: string;
}

/** What every layer entry has, whatever its number of inputs. */
interface EntryBase {
  /** Keras class name, as written in `.dnn` files. */
  type: LayerType;
  /** Keras auto-name prefix: `dense` gives `dense`, `dense_1`, ... */
  namePrefix: string;
  /** Markdown, one or two sentences, shown in hover and completion. */
  doc: string;
  /** Category for docs and completion sorting. */
  category: 'core' | 'convolution' | 'pooling' | 'normalization' | 'regularization' | 'reshaping' | 'activation' | 'recurrent' | 'merge';
  args: ArgSpec[];
  /** How the engine builds it: the tfjs `tf.layers` factory name and a Keras→tfjs config mapping. */
  tfjs: {
    /**
     * The `tf.layers` factory, or with `custom` the name of a layer the engine defines
     * (tfjs has no Subtract layer): the engine registers it, serialisable, under this name.
     */
    factory: string;
    /** True when tfjs has no such layer and the engine provides the factory. */
    custom?: boolean;
    /** Keras config (resolved) → tfjs layer config (camelCase). Pure: no tfjs import needed. */
    config(config: Record<string, ConfigValue>): Record<string, unknown>;
    /**
     * Every random weight initialiser the tfjs layer has, and only those: the engine passes
     * exactly these keys, seeded (tfjs refuses a key a layer doesn't take, e.g. SeparableConv2D
     * a `kernelInitializer`). Absent for layers whose weights start constant (BatchNormalization's
     * ones and zeros) or that have none; biases start at zero and need no seed.
     */
    initializers?: readonly SeededInitializer[];
  };
}

/**
 * One entry of the layer catalogue. Its rules take the shapes of all its inputs, in order
 * (`Input` gets none, a merge two or more); `arity` says how many it takes, and the
 * analyzer calls the rules only with that many known shapes.
 */
export interface LayerEntry extends EntryBase {
  arity: Arity;
  /** Input shapes (batch first) and resolved config → output shape or a problem. */
  outputShape(inputs: readonly Shape[], config: Record<string, ConfigValue>): ShapeResult;
  /** Parameters as tfjs `countParams()` counts them. */
  params(inputs: readonly Shape[], config: Record<string, ConfigValue>): ParamCount;
  /** The formula in the article's notation (hover), e.g. `h2 = relu(b1 + W1 h1), W1: 64x64`. */
  formula?(inputs: readonly Shape[], output: Shape, config: Record<string, ConfigValue>, names: FormulaNames): string;
  /**
   * The config once the input shapes are known, when it differs from the written one: Reshape's
   * `-1` becomes the inferred size, because tfjs leaves it unknown and a following Dense or
   * Conv2D would then refuse to build. The analyzer stores the result as the layer's config.
   */
  resolveConfig?(inputs: readonly Shape[], output: Shape, config: Record<string, ConfigValue>): Record<string, ConfigValue>;
}

/** A layer of one input, as most are: its rules see that input's shape. `single` makes it a LayerEntry. */
export interface SingleInputEntry extends EntryBase {
  outputShape(input: Shape, config: Record<string, ConfigValue>): ShapeResult;
  params(input: Shape, config: Record<string, ConfigValue>): ParamCount;
  formula?(input: Shape, output: Shape, config: Record<string, ConfigValue>, names: SingleFormulaNames): string;
  resolveConfig?(input: Shape, output: Shape, config: Record<string, ConfigValue>): Record<string, ConfigValue>;
}

/** An activation function (`activation=relu`). */
export interface ActivationEntry {
  /** Keras name, as written in `.dnn` files. */
  name: string;
  /** The name tfjs-layers registers it under (`hard_sigmoid` is `hardSigmoid`). */
  tfjs: string;
  doc: string;
  formula: string;
}

export interface OptimizerEntry {
  /** Keras name in lower case, as written in `.dnn` files (`adam`, `rmsprop`). */
  name: string;
  doc: string;
  /** Keras argument names, tfjs defaults. */
  args: ArgSpec[];
  /** `tf.train[factory](...positional.map((name) => args[name]))` builds it. */
  tfjs: { factory: string; positional: string[] };
  /** Tensors of the weights' size the tfjs optimizer keeps per weight (Adam: the two running means). */
  stateSlots(args: Record<string, number | boolean>): number;
}

export interface LossEntry {
  /** Keras name, as written in `.dnn` files. */
  name: string;
  /** Other names accepted for it (Keras short forms, the tfjs camelCase name). */
  aliases: string[];
  /** tfjs loss name (`tf.losses`/`model.compile({ loss })`). */
  tfjs: string;
  doc: string;
  formula: string;
  /** Label encoding the engine feeds it: one-hot vectors or class indices. */
  labels: 'onehot' | 'integer';
}

export interface MetricEntry {
  name: string;
  /** Other names accepted for it (Keras short forms). */
  aliases: string[];
  doc: string;
}

export interface DatasetEntry {
  /** `mnist`, or `idx(...)` with the four file paths. */
  name: string;
  doc: string;
  /** Arguments when written as a call; empty for a bare name. */
  args: ArgSpec[];
}
