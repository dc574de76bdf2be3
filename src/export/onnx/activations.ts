// Every activation of the catalogue as ONNX operators, following tfjs's own definitions
// (tfjs-layers activations.ts), which differ from some frameworks' defaults: hard_sigmoid is
// clip(0.2x + 0.5, 0, 1), selu uses Keras's constants, gelu is the exact erf form, gelu_new the
// tanh approximation, swish x·sigmoid(x). Keyed by the catalogue's Keras names; a test holds
// this table to the catalogue.
import { findActivation } from '../../language/catalogue';
import { EngineError } from '../../engine/errors';
import type { OnnxGraph } from './graph';

/** Writes the activation of `x` and returns the result; `axis` is the channels axis for softmax. */
type ActivationExport = (graph: OnnxGraph, x: string, hint: string, axis: number) => string;

const scalar = (graph: OnnxGraph, hint: string, value: number) => graph.floats(hint, [], [value]);

export const ONNX_ACTIVATIONS: Record<string, ActivationExport> = {
  linear: (_graph, x) => x,
  relu: (graph, x, hint) => graph.node('Relu', [x], hint),
  relu6: (graph, x, hint) => graph.node('Clip', [x, scalar(graph, `${hint}/min`, 0), scalar(graph, `${hint}/max`, 6)], hint),
  elu: (graph, x, hint) => graph.node('Elu', [x], hint, { alpha: { float: 1 } }),
  // tfjs's selu: the same constants as ONNX's defaults, written out.
  selu: (graph, x, hint) => graph.node('Selu', [x], hint, { alpha: { float: 1.6732632423543772 }, gamma: { float: 1.0507009873554805 } }),
  sigmoid: (graph, x, hint) => graph.node('Sigmoid', [x], hint),
  hard_sigmoid: (graph, x, hint) => graph.node('HardSigmoid', [x], hint, { alpha: { float: 0.2 }, beta: { float: 0.5 } }),
  tanh: (graph, x, hint) => graph.node('Tanh', [x], hint),
  softmax: (graph, x, hint, axis) => graph.node('Softmax', [x], hint, { axis }),
  log_softmax: (graph, x, hint, axis) => graph.node('LogSoftmax', [x], hint, { axis }),
  softplus: (graph, x, hint) => graph.node('Softplus', [x], hint),
  softsign: (graph, x, hint) => graph.node('Softsign', [x], hint),
  swish: (graph, x, hint) => graph.node('Mul', [x, graph.node('Sigmoid', [x], `${hint}/sigmoid`)], hint),
  mish: (graph, x, hint) => graph.node('Mul', [x, graph.node('Tanh', [graph.node('Softplus', [x], `${hint}/softplus`)], `${hint}/tanh`)], hint),
  gelu: (graph, x, hint) => {
    // x · 0.5 · (1 + erf(x / √2))
    const erf = graph.node('Erf', [graph.node('Div', [x, scalar(graph, `${hint}/sqrt2`, Math.SQRT2)], `${hint}/scaled`)], `${hint}/erf`);
    const cdf = graph.node('Mul', [scalar(graph, `${hint}/half`, 0.5), graph.node('Add', [scalar(graph, `${hint}/one`, 1), erf], `${hint}/one_plus`)], `${hint}/cdf`);
    return graph.node('Mul', [x, cdf], hint);
  },
  gelu_new: (graph, x, hint) => {
    // 0.5 · x · (1 + tanh(√(2/π) · (x + 0.044715 · x³)))
    const cube = graph.node('Pow', [x, scalar(graph, `${hint}/three`, 3)], `${hint}/cube`);
    const inner = graph.node('Add', [x, graph.node('Mul', [scalar(graph, `${hint}/c`, 0.044715), cube], `${hint}/c_cube`)], `${hint}/inner`);
    const tanh = graph.node('Tanh', [graph.node('Mul', [scalar(graph, `${hint}/k`, Math.sqrt(2 / Math.PI)), inner], `${hint}/k_inner`)], `${hint}/tanh`);
    const onePlus = graph.node('Add', [scalar(graph, `${hint}/one`, 1), tanh], `${hint}/one_plus`);
    return graph.node('Mul', [scalar(graph, `${hint}/half`, 0.5), graph.node('Mul', [x, onePlus], `${hint}/x_one_plus`)], hint);
  },
};

/** Applies the activation named in a layer's config (a Keras name, or its tfjs spelling). */
export function applyActivation(graph: OnnxGraph, x: string, activation: unknown, hint: string, axis: number): string {
  const name = typeof activation === 'string' ? (findActivation(activation)?.name ?? activation) : 'linear';
  const write = Object.hasOwn(ONNX_ACTIVATIONS, name) ? ONNX_ACTIVATIONS[name] : undefined;
  if (!write) throw new EngineError(`activation '${name}' has no ONNX export`);
  return write(graph, x, hint, axis);
}
