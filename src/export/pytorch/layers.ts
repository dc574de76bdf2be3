// Every layer type in PyTorch: the nn.Module (if any) that holds its weights, the expression
// `forward` computes, how its tfjs weights map onto the module's parameters, and which axis
// order it needs. Tensors of images stay channels-first (NCHW) between convolutions, as
// PyTorch wants them; a layer that reads the channels last (Flatten, Dense, Reshape, ...)
// gets its input moved back first, so it sees exactly the values in Keras's order.
// Keyed by catalogue layer type: a test checks every catalogue layer has an entry.
import { convOutputLength, deconvOutputLength } from '../../language/shapes';
import type { LayerType } from '../../language/catalogue/types';
import type { ConfigValue, Shape } from '../../language/types';
import { torchActivation } from './activations';
import { pyFloat, pyTuple } from './python-names';
import { UnsupportedExport } from './unsupported';

export type Config = Record<string, ConfigValue>;

/** Where the channels are: last (Keras, and the model's input and output) or at axis 1 (PyTorch's convolutions). */
export type Layout = 'channels_last' | 'channels_first';

/** Helpers model.py defines only when a layer uses them (model-py.ts holds their code). */
export type Helper = 'average_pool_same' | 'GaussianNoise' | 'GaussianDropout' | 'SeparableConv2d' | 'TfGRU';

/** One layer of the model, as the exporter sees it. */
export interface LayerSite {
  /** Python name of the layer: its attribute on the module and its variable in `forward`. */
  attr: string;
  config: Config;
  /** Keras shapes (batch first, `null`) of its inputs and its output. */
  inputShapes: Shape[];
  outputShape: Shape;
}

/** One tfjs weight and the PyTorch tensor it becomes: `permute` the tfjs axes, then `reshape`. */
export interface WeightMapping {
  /** tfjs weight name without the layer prefix (`kernel`, `moving_mean`). */
  tfjs: string;
  /** Parameter or buffer path under the layer's attribute (`weight`, `depthwise.weight`). */
  torch: string;
  /** tfjs axes in PyTorch's order; absent: the same order. */
  permute?: number[];
  /** PyTorch's shape when it is not the permuted tfjs shape (grouped convolutions). */
  reshape?: number[];
  /** A PyTorch tensor of the same shape that tfjs folds into this one (LSTM's second bias): exported as zeros, added back on import. */
  companion?: string;
}

export interface TorchLayer {
  /** The nn.Module constructor expression, for a layer that has one. */
  module?: string;
  /** The axis order its inputs must be in; `any`: the first input's (the others are brought to it). */
  layout: Layout | 'any';
  /** The Python expression of its output, given its inputs' expressions (already in `layout`) and the layout they are in. */
  forward(inputs: string[], layout: Layout): string;
  weights?: WeightMapping[];
  helpers?: Helper[];
}

type LayerExport = (site: LayerSite) => TorchLayer;

// ---- small pieces ---------------------------------------------------------------------------

const self = (site: LayerSite) => `self.${site.attr}`;
const ints = (config: Config, name: string) => config[name] as number[];
const num = (config: Config, name: string) => config[name] as number;
const dims = (shape: Shape) => shape.slice(1) as number[];
const channelsOf = (shape: Shape) => shape[shape.length - 1] as number;
/** The channel axis of a rank-`rank` (batch included) tensor in `layout`. */
const channelDim = (layout: Layout, rank: number) => (layout === 'channels_first' && rank > 2 ? 1 : -1);

/** TensorFlow's `same` padding of one axis: the total needed, the odd one at the end (bottom/right). */
function samePadding(length: number, kernel: number, stride: number, dilation = 1): [number, number] {
  const out = convOutputLength(length, kernel, stride, 'same', dilation);
  const total = Math.max((out - 1) * stride + (kernel - 1) * dilation + 1 - length, 0);
  return [Math.floor(total / 2), total - Math.floor(total / 2)];
}

/** Per spatial axis (before, after) of a window layer; all zeros for `valid`. */
function windowPadding(site: LayerSite, kernel: number[], strides: number[], dilation?: number[]): [number, number][] {
  const spatial = dims(site.inputShapes[0]).slice(0, -1);
  return spatial.map((length, i) => (site.config.padding === 'same' ? samePadding(length, kernel[i], strides[i], dilation?.[i] ?? 1) : [0, 0]));
}

/** F.pad's argument: the last axis first, (before, after) each. */
function padArgument(pads: [number, number][]): string {
  return `(${[...pads].reverse().flat().join(', ')})`;
}

const isSymmetric = (pads: [number, number][]) => pads.every(([before, after]) => before === after);
const isZero = (pads: [number, number][]) => pads.every(([before, after]) => before === 0 && after === 0);

/** ` key=value` pairs, leaving out the ones equal to PyTorch's defaults. */
function options(pairs: [string, string, string?][]): string {
  return pairs
    .filter(([, value, fallback]) => value !== fallback)
    .map(([key, value]) => `, ${key}=${value}`)
    .join('');
}

const activationOf = (site: LayerSite, x: string, layout: Layout) => torchActivation(site.config.activation, x, channelDim(layout, site.outputShape.length));

function rejectUnless(condition: boolean, message: string): void {
  if (!condition) throw new UnsupportedExport(message);
}

// ---- dense and convolutions -------------------------------------------------------------------

const dense: LayerExport = (site) => ({
  module: `nn.Linear(${channelsOf(site.inputShapes[0])}, ${num(site.config, 'units')}${options([['bias', site.config.use_bias ? 'True' : 'False', 'True']])})`,
  layout: 'channels_last',
  forward: ([x]) => activationOf(site, `${self(site)}(${x})`, 'channels_last'),
  weights: [{ tfjs: 'kernel', torch: 'weight', permute: [1, 0] }, ...(site.config.use_bias ? [{ tfjs: 'bias', torch: 'bias' }] : [])],
});

/** Conv1D and Conv2D: HWIO kernels become OIHW; `same` padding is explicit where TF pads unevenly. */
function convolution(rank: 1 | 2): LayerExport {
  return (site) => {
    const kernel = ints(site.config, 'kernel_size');
    const strides = ints(site.config, 'strides');
    const dilation = ints(site.config, 'dilation_rate');
    const pads = windowPadding(site, kernel, strides, dilation);
    const inner = isSymmetric(pads) && !isZero(pads);
    const module = `nn.Conv${rank}d(${channelsOf(site.inputShapes[0])}, ${num(site.config, 'filters')}, kernel_size=${pyTuple(kernel)}${options([
      ['stride', pyTuple(strides), pyTuple(kernel.map(() => 1))],
      ['padding', inner ? pyTuple(pads.map(([before]) => before)) : '0', '0'],
      ['dilation', pyTuple(dilation), pyTuple(kernel.map(() => 1))],
      ['bias', site.config.use_bias ? 'True' : 'False', 'True'],
    ])})`;
    return {
      module,
      layout: 'channels_first',
      forward: ([x]) => activationOf(site, `${self(site)}(${inner || isZero(pads) ? x : `F.pad(${x}, ${padArgument(pads)})`})`, 'channels_first'),
      weights: [
        { tfjs: 'kernel', torch: 'weight', permute: rank === 2 ? [3, 2, 0, 1] : [2, 1, 0] },
        ...(site.config.use_bias ? [{ tfjs: 'bias', torch: 'bias' }] : []),
      ],
    };
  };
}

/**
 * Conv2DTranspose: tfjs kernels are [h, w, out, in], PyTorch's [in, out, h, w]. The output
 * is PyTorch's full transposed convolution cropped (TF's `same`) or extended (a kernel
 * smaller than the stride) to the size tfjs computes.
 */
const conv2dTranspose: LayerExport = (site) => {
  const kernel = ints(site.config, 'kernel_size');
  const strides = ints(site.config, 'strides');
  const input = dims(site.inputShapes[0]);
  const padding = site.config.padding as 'same' | 'valid';
  const axes = [0, 1].map((i) => {
    const full = (input[i] - 1) * strides[i] + kernel[i];
    const out = deconvOutputLength(input[i], kernel[i], strides[i], padding);
    const before = padding === 'same' ? Math.floor(Math.max(kernel[i] - strides[i], 0) / 2) : 0;
    return { out, before, extra: Math.max(before + out - full, 0), full };
  });
  const crop = axes.some(({ before, extra, full, out }) => before > 0 || full + extra > before + out);
  const module = `nn.ConvTranspose2d(${channelsOf(site.inputShapes[0])}, ${num(site.config, 'filters')}, kernel_size=${pyTuple(kernel)}${options([
    ['stride', pyTuple(strides), '(1, 1)'],
    ['output_padding', pyTuple(axes.map(({ extra }) => extra)), '(0, 0)'],
    ['bias', site.config.use_bias ? 'True' : 'False', 'True'],
  ])})`;
  const slices = axes.map(({ before, out }) => `${before}:${before + out}`).join(', ');
  return {
    module,
    layout: 'channels_first',
    forward: ([x]) => activationOf(site, crop ? `${self(site)}(${x})[:, :, ${slices}]` : `${self(site)}(${x})`, 'channels_first'),
    weights: [{ tfjs: 'kernel', torch: 'weight', permute: [3, 2, 0, 1] }, ...(site.config.use_bias ? [{ tfjs: 'bias', torch: 'bias' }] : [])],
  };
};

/** tfjs [h, w, in, multiplier] → PyTorch grouped [in * multiplier, 1, h, w] (output channel c * multiplier + m, as tfjs). */
function depthwiseKernel(site: LayerSite, torch: string): WeightMapping {
  const [kh, kw] = ints(site.config, 'kernel_size');
  const outputs = channelsOf(site.inputShapes[0]) * num(site.config, 'depth_multiplier');
  return { tfjs: 'depthwise_kernel', torch, permute: [2, 3, 0, 1], reshape: [outputs, 1, kh, kw] };
}

const depthwiseConv2d: LayerExport = (site) => {
  const kernel = ints(site.config, 'kernel_size');
  const strides = ints(site.config, 'strides');
  const pads = windowPadding(site, kernel, strides);
  const channels = channelsOf(site.inputShapes[0]);
  const module = `nn.Conv2d(${channels}, ${channels * num(site.config, 'depth_multiplier')}, kernel_size=${pyTuple(kernel)}${options([
    ['stride', pyTuple(strides), '(1, 1)'],
    ['groups', String(channels), '1'],
    ['bias', site.config.use_bias ? 'True' : 'False', 'True'],
  ])})`;
  return {
    module,
    layout: 'channels_first',
    forward: ([x]) => activationOf(site, `${self(site)}(${isZero(pads) ? x : `F.pad(${x}, ${padArgument(pads)})`})`, 'channels_first'),
    weights: [depthwiseKernel(site, 'weight'), ...(site.config.use_bias ? [{ tfjs: 'bias', torch: 'bias' }] : [])],
  };
};

const separableConv2d: LayerExport = (site) => {
  const kernel = ints(site.config, 'kernel_size');
  const strides = ints(site.config, 'strides');
  const dilation = ints(site.config, 'dilation_rate');
  const pads = windowPadding(site, kernel, strides, dilation);
  const module = `SeparableConv2d(${channelsOf(site.inputShapes[0])}, ${num(site.config, 'filters')}, kernel_size=${pyTuple(kernel)}, stride=${pyTuple(strides)}, dilation=${pyTuple(dilation)}, depth_multiplier=${num(site.config, 'depth_multiplier')}, bias=${site.config.use_bias ? 'True' : 'False'})`;
  return {
    module,
    layout: 'channels_first',
    helpers: ['SeparableConv2d'],
    forward: ([x]) => activationOf(site, `${self(site)}(${isZero(pads) ? x : `F.pad(${x}, ${padArgument(pads)})`})`, 'channels_first'),
    weights: [
      depthwiseKernel(site, 'depthwise.weight'),
      { tfjs: 'pointwise_kernel', torch: 'pointwise.weight', permute: [3, 2, 0, 1] },
      ...(site.config.use_bias ? [{ tfjs: 'bias', torch: 'pointwise.bias' }] : []),
    ],
  };
};

// ---- pooling --------------------------------------------------------------------------------

/** Keras: `strides = None` means the pool size; tfjs 1D pooling keeps one-element lists. */
function poolWindow(config: Config): { pool: number[]; strides: number[] } {
  const pool = ints(config, 'pool_size');
  return { pool, strides: (config.strides as number[] | null) ?? pool };
}

/** MaxPooling: TF pads `same` windows with -inf (padding never wins); AveragePooling: padding is not counted. */
function pooling(kind: 'Max' | 'Avg', rank: 1 | 2): LayerExport {
  return (site) => {
    const { pool, strides } = poolWindow(site.config);
    const pads = windowPadding(site, pool, strides);
    const module = `nn.${kind}Pool${rank}d(kernel_size=${pyTuple(pool)}, stride=${pyTuple(strides)})`;
    const forward = ([x]: string[]) => {
      if (isZero(pads)) return `${self(site)}(${x})`;
      return kind === 'Max' ? `${self(site)}(F.pad(${x}, ${padArgument(pads)}, value=float('-inf')))` : `average_pool_same(${self(site)}, ${x}, ${padArgument(pads)})`;
    };
    return { module, layout: 'channels_first', forward, helpers: kind === 'Avg' && !isZero(pads) ? ['average_pool_same'] : [] };
  };
}

function globalPooling(kind: 'mean' | 'amax'): LayerExport {
  return (site) => ({
    layout: 'any',
    forward: ([x], layout) => {
      const rank = site.inputShapes[0].length;
      const spatial = Array.from({ length: rank - 2 }, (_, i) => (layout === 'channels_first' ? i + 2 : i + 1));
      return `${x}.${kind}(dim=${pyTuple(spatial)})`;
    },
  });
}

// ---- normalization ----------------------------------------------------------------------------

/** BatchNormalization and LayerNormalization normalise the last axis only here; `center` and `scale` together or not at all (PyTorch's `affine`). */
function checkNormalization(site: LayerSite, type: string): boolean {
  const rank = site.inputShapes[0].length;
  const axis = num(site.config, 'axis');
  rejectUnless(axis === -1 || axis === rank - 1, `${type} over axis ${axis} (not the last) has no PyTorch export`);
  rejectUnless(site.config.center === site.config.scale, `${type} with center=${site.config.center} but scale=${site.config.scale} has no PyTorch export (PyTorch learns both or neither)`);
  return site.config.center === true;
}

/** PyTorch's momentum weighs the new batch, Keras's the old average: 1 - momentum. Rounded, so 1 - 0.99 reads 0.01. */
const torchMomentum = (kerasMomentum: number) => pyFloat(Number((1 - kerasMomentum).toPrecision(12)));

const batchNormalization: LayerExport = (site) => {
  const affine = checkNormalization(site, 'BatchNormalization');
  const rank = site.inputShapes[0].length;
  rejectUnless(rank <= 5, `BatchNormalization of a rank-${rank} input has no PyTorch export`);
  const module = `nn.BatchNorm${Math.max(rank - 2, 1)}d(${channelsOf(site.inputShapes[0])}, eps=${pyFloat(num(site.config, 'epsilon'))}, momentum=${torchMomentum(num(site.config, 'momentum'))}${options([['affine', affine ? 'True' : 'False', 'True']])})`;
  return {
    module,
    // Rank 2 is [N, C] in both orders; images go channels-first for BatchNorm2d.
    layout: 'channels_first',
    forward: ([x]) => `${self(site)}(${x})`,
    weights: [
      ...(affine ? [{ tfjs: 'gamma', torch: 'weight' }, { tfjs: 'beta', torch: 'bias' }] : []),
      { tfjs: 'moving_mean', torch: 'running_mean' },
      { tfjs: 'moving_variance', torch: 'running_var' },
    ],
  };
};

const layerNormalization: LayerExport = (site) => {
  const affine = checkNormalization(site, 'LayerNormalization');
  return {
    module: `nn.LayerNorm(${channelsOf(site.inputShapes[0])}, eps=${pyFloat(num(site.config, 'epsilon'))}${options([['elementwise_affine', affine ? 'True' : 'False', 'True']])})`,
    layout: 'channels_last',
    forward: ([x]) => `${self(site)}(${x})`,
    weights: affine ? [{ tfjs: 'gamma', torch: 'weight' }, { tfjs: 'beta', torch: 'bias' }] : [],
  };
};

// ---- regularization (identity at inference) -----------------------------------------------------

function trainingOnly(module: (config: Config) => string, helpers: Helper[] = [], layout: Layout | 'any' = 'any'): LayerExport {
  return (site) => ({ module: module(site.config), layout, helpers, forward: ([x]) => `${self(site)}(${x})` });
}

// ---- reshaping ------------------------------------------------------------------------------

const flatten: LayerExport = () => ({ layout: 'channels_last', forward: ([x]) => `torch.flatten(${x}, 1)` });

const reshape: LayerExport = (site) => ({ layout: 'channels_last', forward: ([x]) => `${x}.reshape(-1, ${ints(site.config, 'target_shape').join(', ')})` });

const permute: LayerExport = (site) => ({ layout: 'channels_last', forward: ([x]) => `${x}.permute(0, ${ints(site.config, 'dims').join(', ')})` });

const repeatVector: LayerExport = (site) => ({ layout: 'channels_last', forward: ([x]) => `${x}.unsqueeze(1).repeat(1, ${num(site.config, 'n')}, 1)` });

const upSampling2d: LayerExport = (site) => {
  // tfjs's bilinear resize is TF1's (no half-pixel centres), which PyTorch's Upsample does not offer.
  rejectUnless(site.config.interpolation === 'nearest', `UpSampling2D with interpolation=${String(site.config.interpolation)} has no PyTorch export (only nearest)`);
  return {
    module: `nn.Upsample(scale_factor=${pyTuple(ints(site.config, 'size'))}, mode='nearest')`,
    layout: 'channels_first',
    forward: ([x]) => `${self(site)}(${x})`,
  };
};

const zeroPadding2d: LayerExport = (site) => {
  const [rows, columns] = ints(site.config, 'padding');
  return { layout: 'channels_first', forward: ([x]) => `F.pad(${x}, (${columns}, ${columns}, ${rows}, ${rows}))` };
};

const cropping2d: LayerExport = (site) => {
  const [rows, columns] = ints(site.config, 'cropping');
  const [height, width] = dims(site.inputShapes[0]);
  return { layout: 'channels_first', forward: ([x]) => `${x}[:, :, ${rows}:${height - rows}, ${columns}:${width - columns}]` };
};

// ---- activations as layers ----------------------------------------------------------------------

function elementwise(code: (x: string, site: LayerSite, layout: Layout) => string): LayerExport {
  return (site) => ({ layout: 'any', forward: ([x], layout) => code(x, site, layout) });
}

// ---- recurrent ------------------------------------------------------------------------------------

/** SimpleRNN and LSTM are PyTorch's own cells (same gate order i, f, c, o; one bias where PyTorch has two). */
function builtInRecurrent(type: 'SimpleRNN' | 'LSTM'): LayerExport {
  return (site) => {
    const activation = String(site.config.activation);
    const units = num(site.config, 'units');
    const bias = site.config.use_bias === true;
    let module: string;
    if (type === 'LSTM') {
      rejectUnless(activation === 'tanh' && site.config.recurrent_activation === 'sigmoid', `LSTM with activation=${activation}, recurrent_activation=${String(site.config.recurrent_activation)} has no PyTorch export (nn.LSTM: tanh and sigmoid)`);
      module = `nn.LSTM(${channelsOf(site.inputShapes[0])}, ${units}, batch_first=True${options([['bias', bias ? 'True' : 'False', 'True']])})`;
    } else {
      rejectUnless(activation === 'tanh' || activation === 'relu', `SimpleRNN with activation=${activation} has no PyTorch export (nn.RNN: tanh or relu)`);
      module = `nn.RNN(${channelsOf(site.inputShapes[0])}, ${units}, nonlinearity='${activation}', batch_first=True${options([['bias', bias ? 'True' : 'False', 'True']])})`;
    }
    return {
      module,
      layout: 'channels_last',
      forward: ([x]) => (site.config.return_sequences ? `${self(site)}(${x})[0]` : `${self(site)}(${x})[0][:, -1]`),
      weights: [
        { tfjs: 'kernel', torch: 'weight_ih_l0', permute: [1, 0] },
        { tfjs: 'recurrent_kernel', torch: 'weight_hh_l0', permute: [1, 0] },
        ...(bias ? [{ tfjs: 'bias', torch: 'bias_ih_l0', companion: 'bias_hh_l0' }] : []),
      ],
    };
  };
}

/** tfjs's GRU applies the reset gate before the recurrent product (nn.GRU after it): model.py spells the cell out. */
const gru: LayerExport = (site) => {
  const lambda = (name: ConfigValue) => `lambda x: ${torchActivation(name, 'x')}`;
  const bias = site.config.use_bias === true;
  return {
    module: `TfGRU(${channelsOf(site.inputShapes[0])}, ${num(site.config, 'units')}, activation=${lambda(site.config.activation)}, recurrent_activation=${lambda(site.config.recurrent_activation)}, bias=${bias ? 'True' : 'False'}, return_sequences=${site.config.return_sequences ? 'True' : 'False'})`,
    layout: 'channels_last',
    helpers: ['TfGRU'],
    forward: ([x]) => `${self(site)}(${x})`,
    weights: [{ tfjs: 'kernel', torch: 'kernel' }, { tfjs: 'recurrent_kernel', torch: 'recurrent_kernel' }, ...(bias ? [{ tfjs: 'bias', torch: 'bias' }] : [])],
  };
};

// ---- merging (graphs) -------------------------------------------------------------------------------

function merge(code: (inputs: string[]) => string): LayerExport {
  return () => ({ layout: 'any', forward: (inputs) => code(inputs) });
}

const pairwise = (fn: string) => (inputs: string[]) => inputs.slice(1).reduce((acc, x) => `${fn}(${acc}, ${x})`, inputs[0]);

const concatenate: LayerExport = (site) => ({
  layout: 'any',
  forward: (inputs, layout) => {
    const rank = site.outputShape.length;
    const raw = num(site.config, 'axis') ?? -1;
    const axis = raw < 0 ? rank + raw : raw;
    const dim = layout === 'channels_first' && rank > 2 ? (axis === rank - 1 ? 1 : axis + 1) : axis;
    return `torch.cat([${inputs.join(', ')}], dim=${dim})`;
  },
});

// ---- the table ------------------------------------------------------------------------------------

/** What a layer type becomes in PyTorch: an export, or why there is none. `Input` is the model's argument. */
export type LayerExportEntry = LayerExport | { unsupported: string };

/**
 * Keyed by LayerType: a catalogue layer without an entry fails the type check. The merge
 * layers are listed already for the graph syntax (string keys until the catalogue has them).
 */
export const TORCH_LAYERS: Record<LayerType, LayerExportEntry> & Record<string, LayerExportEntry> = {
  Input: { unsupported: 'Input is the argument of forward, not a layer' },
  Dense: dense,
  Activation: elementwise((x, site, layout) => activationOf(site, x, layout)),
  Conv2D: convolution(2),
  Conv1D: convolution(1),
  Conv2DTranspose: conv2dTranspose,
  DepthwiseConv2D: depthwiseConv2d,
  SeparableConv2D: separableConv2d,
  MaxPooling2D: pooling('Max', 2),
  AveragePooling2D: pooling('Avg', 2),
  MaxPooling1D: pooling('Max', 1),
  AveragePooling1D: pooling('Avg', 1),
  GlobalAveragePooling2D: globalPooling('mean'),
  GlobalMaxPooling2D: globalPooling('amax'),
  GlobalAveragePooling1D: globalPooling('mean'),
  GlobalMaxPooling1D: globalPooling('amax'),
  BatchNormalization: batchNormalization,
  LayerNormalization: layerNormalization,
  Dropout: trainingOnly((config) => `nn.Dropout(${pyFloat(num(config, 'rate'))})`),
  SpatialDropout1D: trainingOnly((config) => `nn.Dropout1d(${pyFloat(num(config, 'rate'))})`, [], 'channels_first'),
  GaussianNoise: trainingOnly((config) => `GaussianNoise(${pyFloat(num(config, 'stddev'))})`, ['GaussianNoise']),
  GaussianDropout: trainingOnly((config) => `GaussianDropout(${pyFloat(num(config, 'rate'))})`, ['GaussianDropout']),
  AlphaDropout: trainingOnly((config) => `nn.AlphaDropout(${pyFloat(num(config, 'rate'))})`),
  Flatten: flatten,
  Reshape: reshape,
  Permute: permute,
  RepeatVector: repeatVector,
  UpSampling2D: upSampling2d,
  ZeroPadding2D: zeroPadding2d,
  Cropping2D: cropping2d,
  ReLU: elementwise((x, site) => (site.config.max_value === undefined ? `F.relu(${x})` : `torch.clamp(${x}, 0.0, ${pyFloat(num(site.config, 'max_value'))})`)),
  LeakyReLU: elementwise((x, site) => `F.leaky_relu(${x}, ${pyFloat(num(site.config, 'alpha'))})`),
  ELU: elementwise((x, site) => `F.elu(${x}, ${pyFloat(num(site.config, 'alpha'))})`),
  Softmax: elementwise((x, site, layout) => `torch.softmax(${x}, dim=${channelDim(layout, site.inputShapes[0].length)})`),
  SimpleRNN: builtInRecurrent('SimpleRNN'),
  LSTM: builtInRecurrent('LSTM'),
  GRU: gru,
  Add: merge((inputs) => inputs.join(' + ')),
  Subtract: merge((inputs) => inputs.join(' - ')),
  Multiply: merge((inputs) => inputs.join(' * ')),
  Average: merge((inputs) => `(${inputs.join(' + ')}) / ${inputs.length}`),
  Maximum: merge(pairwise('torch.maximum')),
  Minimum: merge(pairwise('torch.minimum')),
  Concatenate: concatenate,
};
