// Every catalogue layer type as ONNX operators, keyed by LayerType: a new catalogue layer
// without an entry here fails the type check. Each writes its nodes and returns its output
// and that output's axis order (graph.ts). The classic traps are handled here: HWIO kernels
// become OIHW, Dense kernels stay [in, out] for MatMul, Flatten sees channels-last values as
// Keras does, TF's `same` padding with a stride pads more at the end (explicit pads), eval-mode
// BatchNormalization with Keras's epsilon, Dropout and noise layers pass their input through.
import { convOutputLength } from '../../language/shapes';
import type { LayerType } from '../../language/catalogue/types';
import type { ConfigValue, Shape } from '../../language/types';
import { applyActivation } from './activations';
import { axisIn, type GraphValue, type Layout, type OnnxGraph } from './graph';
import { reorderGates, transposed, type Arranged } from './weights';
import type { WeightTensor } from '../types';

export type Config = Record<string, ConfigValue>;

/** One layer being written: its config, inputs, shapes and weights. */
export interface OnnxSite {
  graph: OnnxGraph;
  name: string;
  config: Config;
  inputs: GraphValue[];
  outputShape: Shape;
  /** The layer's tfjs weight of this name; throws naming it when the run lacks it. */
  weight(name: string): WeightTensor;
  hasWeight(name: string): boolean;
}

export interface LayerOutput {
  name: string;
  layout: Layout;
}

type OnnxLayer = (site: OnnxSite) => LayerOutput;

/** Something ONNX (or this exporter) cannot express, said in a sentence; the caller names the layer. */
export class UnsupportedOnnx extends Error {}

// ---- small pieces ---------------------------------------------------------------------------

const ints = (value: ConfigValue | undefined): number[] => (Array.isArray(value) ? (value as number[]) : typeof value === 'number' ? [value] : []);
const input = (site: OnnxSite) => site.inputs[0];
const rankOf = (site: OnnxSite) => input(site).shape.length;
const dim = (shape: Shape, axis: number) => shape[axis] as number;

function floatsOf(graph: OnnxGraph, hint: string, weight: Arranged): string {
  return graph.floats(hint, weight.dims, weight.data);
}

function weightAsIs(site: OnnxSite, name: string): Arranged {
  const weight = site.weight(name);
  return { dims: weight.shape, data: weight.data };
}

/** The layer's activation, then the output (in `layout`). */
function activated(site: OnnxSite, x: string, layout: Layout): LayerOutput {
  const rank = site.outputShape.length;
  return { name: applyActivation(site.graph, x, site.config.activation, `${site.name}/activation`, axisIn(layout, rank, -1)), layout };
}

/**
 * Explicit begin/end pads along each spatial axis, as TF computes `same`: the total that keeps
 * `ceil(in / stride)` outputs, the odd pixel at the end (bottom/right). `valid` pads nothing.
 */
function spatialPads(site: OnnxSite, windows: number[], strides: number[], dilations: number[]): number[] {
  const spatial = windows.length;
  if (site.config.padding !== 'same') return new Array<number>(spatial * 2).fill(0);
  const begin: number[] = [];
  const end: number[] = [];
  for (let i = 0; i < spatial; i++) {
    const size = dim(input(site).shape, i + 1);
    const window = (windows[i] - 1) * dilations[i] + 1;
    const out = convOutputLength(size, windows[i], strides[i], 'same', dilations[i]);
    const total = Math.max((out - 1) * strides[i] + window - size, 0);
    begin.push(Math.floor(total / 2));
    end.push(total - Math.floor(total / 2));
  }
  return [...begin, ...end];
}

/** Conv1D/Conv2D/DepthwiseConv2D/SeparableConv2D's convolution, channels first; `kernel` is already OI(H)W. */
function convolution(site: OnnxSite, x: string, kernel: Arranged, bias: string | undefined, options: { group?: number; hint: string; strides?: number[]; dilations?: number[]; pads?: number[] }): string {
  const windows = kernel.dims.slice(2);
  const strides = options.strides ?? ints(site.config.strides);
  const dilations = options.dilations ?? (site.config.dilation_rate === undefined ? windows.map(() => 1) : ints(site.config.dilation_rate));
  const inputs = [x, floatsOf(site.graph, `${options.hint}/kernel`, kernel), ...(bias ? [bias] : [])];
  return site.graph.node('Conv', inputs, options.hint, {
    kernel_shape: windows,
    strides,
    dilations,
    pads: options.pads ?? spatialPads(site, windows, strides, dilations),
    group: options.group ?? 1,
  });
}

function biasOf(site: OnnxSite): string | undefined {
  return site.config.use_bias !== false && site.hasWeight('bias') ? floatsOf(site.graph, `${site.name}/bias`, weightAsIs(site, 'bias')) : undefined;
}

function conv(site: OnnxSite): LayerOutput {
  const rank = rankOf(site);
  const x = site.graph.in(input(site), 'channels_first');
  // tfjs: [k..., in, out] (HWIO); ONNX: [out, in, k...] (OIHW).
  const perm = rank === 4 ? [3, 2, 0, 1] : [2, 1, 0];
  const out = convolution(site, x, transposed(site.weight('kernel'), perm), biasOf(site), { hint: site.name });
  return activated(site, out, 'channels_first');
}

/** tfjs's depthwise kernel [kh, kw, C, M] as a grouped ONNX kernel [C·M, 1, kh, kw] (output channel c·M + m). */
function depthwiseKernel(site: OnnxSite, name: string): Arranged {
  const moved = transposed(site.weight(name), [2, 3, 0, 1]);
  const [channels, multiplier, kh, kw] = moved.dims;
  return { dims: [channels * multiplier, 1, kh, kw], data: moved.data };
}

function pooling(kind: 'MaxPool' | 'AveragePool'): OnnxLayer {
  return (site) => {
    const windows = ints(site.config.pool_size);
    const strides = site.config.strides === null || site.config.strides === undefined ? windows : ints(site.config.strides);
    const x = site.graph.in(input(site), 'channels_first');
    const pads = spatialPads(site, windows, strides, windows.map(() => 1));
    // AveragePool leaves the padding out of each mean (count_include_pad = 0), as TF does.
    return { name: site.graph.node(kind, [x], site.name, { kernel_shape: windows, strides, pads }), layout: 'channels_first' };
  };
}

function globalPooling(kind: 'ReduceMean' | 'ReduceMax'): OnnxLayer {
  return (site) => {
    const value = input(site);
    const layout = site.graph.layoutOf(value);
    const rank = value.shape.length;
    const spatial = Array.from({ length: rank - 2 }, (_, i) => axisIn(layout, rank, i + 1));
    return { name: site.graph.node(kind, [site.graph.in(value, layout)], site.name, { axes: spatial, keepdims: 0 }), layout: 'channels_last' };
  };
}

/** A per-feature constant along Keras axis `axis`, shaped to broadcast against a tensor in `layout`. */
function featureConstant(site: OnnxSite, hint: string, values: Float32Array, axis: number, layout: Layout): string {
  const rank = rankOf(site);
  const at = axisIn(layout, rank, axis);
  const dims = [values.length, ...new Array<number>(rank - 1 - at).fill(1)];
  return site.graph.floats(hint, dims, values);
}

/** The layout a per-feature layer can work in: any when its axis is the channels axis, else channels last. */
function featureLayout(site: OnnxSite, axis: number): Layout {
  const rank = rankOf(site);
  return axis === rank - 1 ? site.graph.layoutOf(input(site)) : 'channels_last';
}

function positiveAxis(site: OnnxSite): number {
  const axis = (site.config.axis as number | undefined) ?? -1;
  return axis < 0 ? rankOf(site) + axis : axis;
}

function passThrough(site: OnnxSite): LayerOutput {
  const value = input(site);
  const layout = site.graph.layoutOf(value);
  return { name: site.graph.in(value, layout), layout };
}

/** ONNX's recurrent ops take only some activations, by their own names. */
const RNN_ACTIVATIONS: Record<string, string> = { tanh: 'Tanh', sigmoid: 'Sigmoid', relu: 'Relu', softsign: 'Softsign', softplus: 'Softplus' };

function rnnActivation(value: ConfigValue | undefined): string {
  const name = typeof value === 'string' ? value : 'linear';
  const onnx = Object.hasOwn(RNN_ACTIVATIONS, name) ? RNN_ACTIVATIONS[name] : undefined;
  if (!onnx) throw new UnsupportedOnnx(`activation '${name}' inside a recurrent layer has no ONNX export (tanh, sigmoid, relu, softsign and softplus do)`);
  return onnx;
}

/**
 * SimpleRNN, LSTM and GRU as ONNX's RNN/LSTM/GRU: weights transposed to [gates·units, in],
 * gates reordered from Keras's order (`gateOrder`: Keras indices in ONNX's order), the bias
 * with ONNX's second (recurrent) half zero, the sequence moved to the first axis and back.
 */
function recurrent(op: 'RNN' | 'LSTM' | 'GRU', gates: number, gateOrder: number[], activations: (config: Config) => string[]): OnnxLayer {
  return (site) => {
    const { graph, name, config } = site;
    const units = config.units as number;
    const arrange = (weight: Arranged) => {
      const reordered = reorderGates(weight, units, gateOrder);
      const moved = transposed(reordered, [1, 0]);
      return { dims: [1, ...moved.dims], data: moved.data };
    };
    const kernel = arrange(weightAsIs(site, 'kernel'));
    const recurrentKernel = arrange(weightAsIs(site, 'recurrent_kernel'));
    const bias = new Float32Array(2 * gates * units);
    if (config.use_bias !== false && site.hasWeight('bias')) bias.set(reorderGates(weightAsIs(site, 'bias'), units, gateOrder).data);
    const sequence = graph.node('Transpose', [graph.in(input(site), 'channels_last')], `${name}/time_major`, { perm: [1, 0, 2] });
    const attributes = { hidden_size: units, activations: { strings: activations(config) }, ...(op === 'GRU' ? { linear_before_reset: 0 } : {}) };
    const inputs = [sequence, floatsOf(graph, `${name}/W`, kernel), floatsOf(graph, `${name}/R`, recurrentKernel), graph.floats(`${name}/B`, [1, bias.length], bias)];
    const [all, last] = graph.nodeWithOutputs(op, inputs, [`${name}/Y`, `${name}/Y_h`], attributes);
    if (config.return_sequences !== true) return { name: graph.node('Squeeze', [last, graph.ints(`${name}/axes`, [0])], name), layout: 'channels_last' };
    const squeezed = graph.node('Squeeze', [all, graph.ints(`${name}/axes`, [1])], `${name}/sequence`);
    return { name: graph.node('Transpose', [squeezed], name, { perm: [1, 0, 2] }), layout: 'channels_last' };
  };
}

/** Merge layers: every input brought to the first one's layout, then one elementwise op (or Concat). */
function merge(op: 'Add' | 'Sub' | 'Mul' | 'Mean' | 'Max' | 'Min' | 'Concat'): OnnxLayer {
  return (site) => {
    const layout = site.graph.layoutOf(site.inputs[0]);
    const names = site.inputs.map((value) => site.graph.in(value, layout));
    if (op === 'Concat') return { name: site.graph.node('Concat', names, site.name, { axis: axisIn(layout, site.outputShape.length, positiveAxis(site)) }), layout };
    // Add/Sub/Mul take two inputs: chain them, left to right, as tfjs sums its inputs.
    if (op === 'Add' || op === 'Sub' || op === 'Mul') {
      let result = names[0];
      for (let i = 1; i < names.length; i++) result = site.graph.node(op, [result, names[i]], i === names.length - 1 ? site.name : `${site.name}/partial`);
      return { name: result, layout };
    }
    return { name: site.graph.node(op, names, site.name), layout };
  };
}

// ---- the table ------------------------------------------------------------------------------

export const ONNX_LAYERS: Record<LayerType, OnnxLayer> = {
  Input: () => {
    throw new UnsupportedOnnx('Input is the graph input, not a layer');
  },
  Dense: (site) => {
    const { graph, name } = site;
    const x = graph.in(input(site), 'channels_last');
    // MatMul on the last axis, as Dense acts on inputs of any rank; the kernel stays [in, out].
    const product = graph.node('MatMul', [x, floatsOf(graph, `${name}/kernel`, weightAsIs(site, 'kernel'))], `${name}/matmul`);
    const bias = biasOf(site);
    return activated(site, bias ? graph.node('Add', [product, bias], `${name}/biased`) : product, 'channels_last');
  },
  Activation: (site) => {
    const value = input(site);
    const layout = site.graph.layoutOf(value);
    return activated(site, site.graph.in(value, layout), layout);
  },
  Conv2D: conv,
  Conv1D: conv,
  Conv2DTranspose: (site) => {
    const { graph, name, config } = site;
    const x = graph.in(input(site), 'channels_first');
    // tfjs: [kh, kw, out, in]; ONNX ConvTranspose: [in, out, kh, kw].
    const kernel = transposed(site.weight('kernel'), [3, 2, 0, 1]);
    const windows = kernel.dims.slice(2);
    const strides = ints(config.strides);
    // TF crops the full transposed convolution as the `same` convolution it inverts pads; what is
    // still missing of TF's output size (a window smaller than the stride) is added at the end.
    const begin: number[] = [];
    const end: number[] = [];
    const extra: number[] = [];
    windows.forEach((window, i) => {
      const size = dim(input(site).shape, i + 1);
      const out = dim(site.outputShape, i + 1);
      const total = config.padding === 'same' ? Math.max(window - strides[i], 0) : 0;
      begin.push(Math.floor(total / 2));
      end.push(total - Math.floor(total / 2));
      extra.push(out - ((size - 1) * strides[i] + window - total));
    });
    const bias = biasOf(site);
    const inputs = [x, floatsOf(graph, `${name}/kernel`, kernel), ...(bias ? [bias] : [])];
    const out = graph.node('ConvTranspose', inputs, name, { kernel_shape: windows, strides, pads: [...begin, ...end], output_padding: extra });
    return activated(site, out, 'channels_first');
  },
  DepthwiseConv2D: (site) => {
    const x = site.graph.in(input(site), 'channels_first');
    const kernel = depthwiseKernel(site, 'depthwise_kernel');
    const channels = dim(input(site).shape, 3);
    const out = convolution(site, x, kernel, biasOf(site), { hint: site.name, group: channels, dilations: [1, 1] });
    return activated(site, out, 'channels_first');
  },
  SeparableConv2D: (site) => {
    const x = site.graph.in(input(site), 'channels_first');
    const channels = dim(input(site).shape, 3);
    const depthwise = convolution(site, x, depthwiseKernel(site, 'depthwise_kernel'), undefined, { hint: `${site.name}/depthwise`, group: channels });
    const pointwise = transposed(site.weight('pointwise_kernel'), [3, 2, 0, 1]);
    const out = convolution(site, depthwise, pointwise, biasOf(site), { hint: site.name, strides: [1, 1], dilations: [1, 1], pads: [0, 0, 0, 0] });
    return activated(site, out, 'channels_first');
  },
  MaxPooling2D: pooling('MaxPool'),
  AveragePooling2D: pooling('AveragePool'),
  MaxPooling1D: pooling('MaxPool'),
  AveragePooling1D: pooling('AveragePool'),
  GlobalAveragePooling2D: globalPooling('ReduceMean'),
  GlobalMaxPooling2D: globalPooling('ReduceMax'),
  GlobalAveragePooling1D: globalPooling('ReduceMean'),
  GlobalMaxPooling1D: globalPooling('ReduceMax'),
  BatchNormalization: (site) => {
    // Inference: (x - moving_mean) · gamma / sqrt(moving_variance + epsilon) + beta, Keras's epsilon.
    const { graph, name, config } = site;
    const axis = positiveAxis(site);
    const layout = featureLayout(site, axis);
    const mean = site.weight('moving_mean').data;
    const variance = site.weight('moving_variance').data;
    const gamma = config.scale !== false && site.hasWeight('gamma') ? site.weight('gamma').data : undefined;
    const epsilon = config.epsilon as number;
    const scale = Float32Array.from(variance, (v, i) => (gamma ? gamma[i] : 1) / Math.sqrt(v + epsilon));
    const centred = graph.node('Sub', [graph.in(input(site), layout), featureConstant(site, `${name}/moving_mean`, mean, axis, layout)], `${name}/centred`);
    const scaled = graph.node('Mul', [centred, featureConstant(site, `${name}/scale`, scale, axis, layout)], config.center !== false ? `${name}/scaled` : name);
    if (config.center === false || !site.hasWeight('beta')) return { name: scaled, layout };
    return { name: graph.node('Add', [scaled, featureConstant(site, `${name}/beta`, site.weight('beta').data, axis, layout)], name), layout };
  },
  LayerNormalization: (site) => {
    // (x - mean) / sqrt(variance + epsilon) · gamma + beta over the axis, as tfjs computes it.
    const { graph, name, config } = site;
    const axis = positiveAxis(site);
    const layout = featureLayout(site, axis);
    const x = graph.in(input(site), layout);
    const axes = [axisIn(layout, rankOf(site), axis)];
    const mean = graph.node('ReduceMean', [x], `${name}/mean`, { axes, keepdims: 1 });
    const centred = graph.node('Sub', [x, mean], `${name}/centred`);
    const variance = graph.node('ReduceMean', [graph.node('Mul', [centred, centred], `${name}/squared`)], `${name}/variance`, { axes, keepdims: 1 });
    const deviation = graph.node('Sqrt', [graph.node('Add', [variance, graph.floats(`${name}/epsilon`, [], [config.epsilon as number])], `${name}/variance_eps`)], `${name}/deviation`);
    let result = graph.node('Div', [centred, deviation], `${name}/normalised`);
    if (config.scale !== false && site.hasWeight('gamma')) result = graph.node('Mul', [result, featureConstant(site, `${name}/gamma`, site.weight('gamma').data, axis, layout)], `${name}/scaled`);
    if (config.center !== false && site.hasWeight('beta')) result = graph.node('Add', [result, featureConstant(site, `${name}/beta`, site.weight('beta').data, axis, layout)], name);
    return { name: result, layout };
  },
  // Training-only layers: at inference they pass their input through, as in dnn's evaluation.
  Dropout: passThrough,
  SpatialDropout1D: passThrough,
  GaussianNoise: passThrough,
  GaussianDropout: passThrough,
  AlphaDropout: passThrough,
  Flatten: (site) => {
    // Channels last first, so the flat order is Keras's (H, W, C) and the next Dense's kernel fits.
    return { name: site.graph.node('Flatten', [site.graph.in(input(site), 'channels_last')], site.name, { axis: 1 }), layout: 'channels_last' };
  },
  Reshape: (site) => {
    // 0 keeps the batch size; the target dims are the resolved ones (no -1 left).
    const shape = site.graph.ints(`${site.name}/shape`, [0, ...ints(site.config.target_shape)]);
    return { name: site.graph.node('Reshape', [site.graph.in(input(site), 'channels_last'), shape], site.name), layout: 'channels_last' };
  },
  Permute: (site) => ({
    name: site.graph.node('Transpose', [site.graph.in(input(site), 'channels_last')], site.name, { perm: [0, ...ints(site.config.dims)] }),
    layout: 'channels_last',
  }),
  RepeatVector: (site) => {
    const { graph, name } = site;
    const expanded = graph.node('Unsqueeze', [graph.in(input(site), 'channels_last'), graph.ints(`${name}/axes`, [1])], `${name}/unsqueezed`);
    return { name: graph.node('Expand', [expanded, graph.ints(`${name}/shape`, [1, site.config.n as number, 1])], name), layout: 'channels_last' };
  },
  UpSampling2D: (site) => {
    // tfjs resizes without aligned corners or half-pixel centres: ONNX's `asymmetric` mode.
    const { graph, name, config } = site;
    const [rows, columns] = ints(config.size);
    const x = graph.in(input(site), 'channels_first');
    const scales = graph.floats(`${name}/scales`, [4], [1, 1, rows, columns]);
    const mode = config.interpolation === 'bilinear' ? 'linear' : 'nearest';
    const attributes = { mode, coordinate_transformation_mode: 'asymmetric', ...(mode === 'nearest' ? { nearest_mode: 'floor' } : {}) };
    return { name: graph.node('Resize', [x, '', scales], name, attributes), layout: 'channels_first' };
  },
  ZeroPadding2D: (site) => {
    const [rows, columns] = ints(site.config.padding);
    const value = input(site);
    const layout = site.graph.layoutOf(value);
    const [h, w] = [axisIn(layout, 4, 1), axisIn(layout, 4, 2)];
    const begin = [0, 0, 0, 0];
    begin[h] = rows;
    begin[w] = columns;
    const pads = site.graph.ints(`${site.name}/pads`, [...begin, ...begin]);
    return { name: site.graph.node('Pad', [site.graph.in(value, layout), pads], site.name, { mode: 'constant' }), layout };
  },
  Cropping2D: (site) => {
    const [rows, columns] = ints(site.config.cropping);
    const value = input(site);
    const layout = site.graph.layoutOf(value);
    const [height, width] = [dim(value.shape, 1), dim(value.shape, 2)];
    const { graph, name } = site;
    const inputs = [
      graph.in(value, layout),
      graph.ints(`${name}/starts`, [rows, columns]),
      graph.ints(`${name}/ends`, [height - rows, width - columns]),
      graph.ints(`${name}/axes`, [axisIn(layout, 4, 1), axisIn(layout, 4, 2)]),
    ];
    return { name: graph.node('Slice', inputs, name), layout };
  },
  ReLU: (site) => {
    const value = input(site);
    const layout = site.graph.layoutOf(value);
    const x = site.graph.in(value, layout);
    const max = site.config.max_value;
    if (typeof max !== 'number') return { name: site.graph.node('Relu', [x], site.name), layout };
    const bounds = [site.graph.floats(`${site.name}/min`, [], [0]), site.graph.floats(`${site.name}/max`, [], [max])];
    return { name: site.graph.node('Clip', [x, ...bounds], site.name), layout };
  },
  LeakyReLU: (site) => {
    const layout = site.graph.layoutOf(input(site));
    return { name: site.graph.node('LeakyRelu', [site.graph.in(input(site), layout)], site.name, { alpha: { float: site.config.alpha as number } }), layout };
  },
  ELU: (site) => {
    const layout = site.graph.layoutOf(input(site));
    return { name: site.graph.node('Elu', [site.graph.in(input(site), layout)], site.name, { alpha: { float: site.config.alpha as number } }), layout };
  },
  Softmax: (site) => {
    const axis = positiveAxis(site);
    const layout = featureLayout(site, axis);
    return { name: site.graph.node('Softmax', [site.graph.in(input(site), layout)], site.name, { axis: axisIn(layout, rankOf(site), axis) }), layout };
  },
  SimpleRNN: recurrent('RNN', 1, [0], (config) => [rnnActivation(config.activation)]),
  // Keras's gates: i, f, c, o; ONNX's: i, o, f, c.
  LSTM: recurrent('LSTM', 4, [0, 3, 1, 2], (config) => [rnnActivation(config.recurrent_activation), rnnActivation(config.activation), rnnActivation(config.activation)]),
  // Keras's (reset_after = false, as tfjs) and ONNX's gates are both z, r, h.
  GRU: recurrent('GRU', 3, [0, 1, 2], (config) => [rnnActivation(config.recurrent_activation), rnnActivation(config.activation)]),
  Add: merge('Add'),
  Subtract: merge('Sub'),
  Multiply: merge('Mul'),
  Average: merge('Mean'),
  Maximum: merge('Max'),
  Minimum: merge('Min'),
  Concatenate: merge('Concat'),
};
