// Every activation tfjs-layers 4.22 registers, under its Keras name. `tfjs` is the name the
// layer config takes (tfjs registers `hardSigmoid` and `logSoftmax` in camelCase).
import type { ActivationEntry } from './types';

export const activations: readonly ActivationEntry[] = [
  { name: 'linear', tfjs: 'linear', doc: 'Identity: no activation (the default of every layer).', formula: 'linear(x) = x' },
  { name: 'relu', tfjs: 'relu', doc: 'Rectified linear unit.', formula: 'relu(x) = max(0, x)' },
  { name: 'relu6', tfjs: 'relu6', doc: 'ReLU capped at 6.', formula: 'relu6(x) = min(max(0, x), 6)' },
  { name: 'elu', tfjs: 'elu', doc: 'Exponential linear unit.', formula: 'elu(x) = x if x > 0, else exp(x) - 1' },
  {
    name: 'selu',
    tfjs: 'selu',
    doc: 'Scaled exponential linear unit (self-normalising).',
    formula: 'selu(x) = 1.0507 * (x if x > 0, else 1.6733 * (exp(x) - 1))',
  },
  { name: 'sigmoid', tfjs: 'sigmoid', doc: 'Logistic function: squashes to (0, 1).', formula: 'sigmoid(x) = 1 / (1 + exp(-x))' },
  {
    name: 'hard_sigmoid',
    tfjs: 'hardSigmoid',
    doc: 'Piecewise-linear approximation of the sigmoid.',
    formula: 'hard_sigmoid(x) = clip(0.2 * x + 0.5, 0, 1)',
  },
  { name: 'tanh', tfjs: 'tanh', doc: 'Hyperbolic tangent: squashes to (-1, 1).', formula: 'tanh(x) = (exp(x) - exp(-x)) / (exp(x) + exp(-x))' },
  {
    name: 'softmax',
    tfjs: 'softmax',
    doc: 'Turns the last axis into probabilities that sum to 1: the output of a classifier.',
    formula: 'softmax(x)_i = exp(x_i) / sum_j exp(x_j)',
  },
  {
    name: 'log_softmax',
    tfjs: 'logSoftmax',
    doc: 'Logarithm of the softmax (values <= 0); not a probability, so crossentropy losses do not take it.',
    formula: 'log_softmax(x)_i = x_i - log(sum_j exp(x_j))',
  },
  { name: 'softplus', tfjs: 'softplus', doc: 'Smooth ReLU.', formula: 'softplus(x) = log(1 + exp(x))' },
  { name: 'softsign', tfjs: 'softsign', doc: 'Squashes to (-1, 1), more gently than tanh.', formula: 'softsign(x) = x / (1 + |x|)' },
  { name: 'swish', tfjs: 'swish', doc: 'Self-gated activation (also called SiLU).', formula: 'swish(x) = x * sigmoid(x)' },
  { name: 'mish', tfjs: 'mish', doc: 'Self-regularised smooth activation.', formula: 'mish(x) = x * tanh(softplus(x))' },
  { name: 'gelu', tfjs: 'gelu', doc: 'Gaussian error linear unit (exact form).', formula: 'gelu(x) = x * Phi(x) = 0.5 * x * (1 + erf(x / sqrt(2)))' },
  {
    name: 'gelu_new',
    tfjs: 'gelu_new',
    doc: 'GELU, tanh approximation (as in GPT-2).',
    formula: 'gelu_new(x) = 0.5 * x * (1 + tanh(sqrt(2 / pi) * (x + 0.044715 * x^3)))',
  },
];

const byName = new Map<string, ActivationEntry>();
for (const entry of activations) {
  byName.set(entry.name, entry);
  // The tfjs spelling is accepted too, so a model copied from tfjs code keeps working.
  byName.set(entry.tfjs, entry);
}

export function findActivation(name: string): ActivationEntry | undefined {
  return byName.get(name);
}
