// The tfjs optimizers under their Keras names, with Keras argument names and the tfjs defaults.
// `tfjs.positional` lists the Keras argument names in the order `tf.train.<factory>` takes them.
import type { ArgSpec, OptimizerEntry } from './types';

const learningRate = (value: number): ArgSpec => ({
  name: 'learning_rate',
  type: { kind: 'float', min: 0, minExclusive: true },
  default: value,
  doc: 'Step size of each update.',
});
const epsilon: ArgSpec = {
  name: 'epsilon',
  type: { kind: 'float', min: 0, minExclusive: true },
  default: 1e-7,
  doc: 'Small constant that keeps the update finite.',
};
const beta1: ArgSpec = {
  name: 'beta_1',
  type: { kind: 'float', min: 0, max: 1, maxExclusive: true },
  default: 0.9,
  doc: 'Decay rate of the running mean of the gradients.',
};
const beta2: ArgSpec = {
  name: 'beta_2',
  type: { kind: 'float', min: 0, max: 1, maxExclusive: true },
  default: 0.999,
  doc: 'Decay rate of the running mean of the squared gradients.',
};

/** SGD's arguments; `sgd` and `momentum` differ only in the default momentum and the wording. */
function momentumArgs(momentum: number, momentumDoc: string, nesterovDoc: string): ArgSpec[] {
  return [
    learningRate(0.01),
    { name: 'momentum', type: { kind: 'float', min: 0 }, default: momentum, doc: momentumDoc },
    { name: 'nesterov', type: { kind: 'bool' }, default: false, doc: nesterovDoc },
  ];
}

export const optimizers: readonly OptimizerEntry[] = [
  {
    name: 'sgd',
    doc: 'Stochastic gradient descent: `w -= learning_rate * g`. With `momentum > 0` it is the momentum optimizer.',
    args: momentumArgs(0, 'Momentum factor; 0 is plain SGD.', 'Use Nesterov momentum (only with `momentum > 0`).'),
    tfjs: { factory: 'sgd', positional: ['learning_rate'] },
    // With momentum, training uses tfjs's momentum optimizer: one accumulator.
    stateSlots: (args) => (Number(args.momentum ?? 0) > 0 ? 1 : 0),
  },
  {
    name: 'momentum',
    doc: 'SGD with momentum: `v = momentum * v + g; w -= learning_rate * v`.',
    args: momentumArgs(0.9, 'Momentum factor.', 'Use Nesterov momentum.'),
    tfjs: { factory: 'momentum', positional: ['learning_rate', 'momentum', 'nesterov'] },
    stateSlots: () => 1,
  },
  {
    name: 'adam',
    doc: 'Adam: per-weight step sizes from running means of the gradient and its square.',
    args: [learningRate(0.001), beta1, beta2, epsilon],
    tfjs: { factory: 'adam', positional: ['learning_rate', 'beta_1', 'beta_2', 'epsilon'] },
    stateSlots: () => 2,
  },
  {
    name: 'adamax',
    doc: 'Adamax: Adam with the infinity norm in place of the squared gradients.',
    args: [
      learningRate(0.002),
      beta1,
      beta2,
      epsilon,
      { name: 'decay', type: { kind: 'float', min: 0 }, default: 0, doc: 'Learning-rate decay per step (tfjs).' },
    ],
    tfjs: { factory: 'adamax', positional: ['learning_rate', 'beta_1', 'beta_2', 'epsilon', 'decay'] },
    stateSlots: () => 2,
  },
  {
    name: 'rmsprop',
    doc: 'RMSprop: divides the gradient by a running root mean square of recent gradients.',
    args: [
      learningRate(0.001),
      { name: 'rho', type: { kind: 'float', min: 0, max: 1 }, default: 0.9, doc: 'Decay rate of the running mean square.' },
      { name: 'momentum', type: { kind: 'float', min: 0 }, default: 0, doc: 'Momentum factor.' },
      epsilon,
      { name: 'centered', type: { kind: 'bool' }, default: false, doc: 'Normalise by the variance instead of the second moment.' },
    ],
    tfjs: { factory: 'rmsprop', positional: ['learning_rate', 'rho', 'momentum', 'epsilon', 'centered'] },
    // Mean squares and moments always; the mean gradients when centered.
    stateSlots: (args) => (args.centered === true ? 3 : 2),
  },
  {
    name: 'adagrad',
    doc: 'Adagrad: step sizes shrink with the sum of past squared gradients.',
    args: [
      learningRate(0.001),
      {
        name: 'initial_accumulator_value',
        type: { kind: 'float', min: 0 },
        default: 0.1,
        doc: 'Starting value of the squared-gradient sums.',
      },
    ],
    tfjs: { factory: 'adagrad', positional: ['learning_rate', 'initial_accumulator_value'] },
    stateSlots: () => 1,
  },
  {
    name: 'adadelta',
    doc: 'Adadelta: adapts step sizes from a moving window of gradient updates.',
    args: [
      learningRate(0.001),
      { name: 'rho', type: { kind: 'float', min: 0, max: 1 }, default: 0.95, doc: 'Decay rate of the running averages.' },
      epsilon,
    ],
    tfjs: { factory: 'adadelta', positional: ['learning_rate', 'rho', 'epsilon'] },
    stateSlots: () => 2,
  },
];

export function findOptimizer(name: string): OptimizerEntry | undefined {
  return optimizers.find((entry) => entry.name === name);
}
