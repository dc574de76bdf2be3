// Losses for classification (and the regression ones people try on it), under their Keras
// names. `labels` tells the engine how to encode MNIST labels for the loss.
import type { LossEntry } from './types';

export const losses: readonly LossEntry[] = [
  {
    name: 'categorical_crossentropy',
    aliases: ['categoricalCrossentropy'],
    tfjs: 'categoricalCrossentropy',
    doc: 'Crossentropy between one-hot labels and the predicted class probabilities (softmax output).',
    formula: 'loss = -sum_i y_i * log(p_i)',
    labels: 'onehot',
  },
  {
    name: 'sparse_categorical_crossentropy',
    aliases: ['sparseCategoricalCrossentropy'],
    tfjs: 'sparseCategoricalCrossentropy',
    doc: 'Categorical crossentropy with integer class labels instead of one-hot vectors.',
    formula: 'loss = -log(p_y)',
    labels: 'integer',
  },
  {
    name: 'binary_crossentropy',
    aliases: ['binaryCrossentropy'],
    tfjs: 'binaryCrossentropy',
    doc: 'Crossentropy of independent yes/no outputs (sigmoid); averaged over the outputs.',
    formula: 'loss = -mean_i (y_i * log(p_i) + (1 - y_i) * log(1 - p_i))',
    labels: 'onehot',
  },
  {
    name: 'mean_squared_error',
    aliases: ['mse', 'meanSquaredError'],
    tfjs: 'meanSquaredError',
    doc: 'Mean squared difference between labels and outputs: a regression loss.',
    formula: 'loss = mean_i (y_i - p_i)^2',
    labels: 'onehot',
  },
  {
    name: 'mean_absolute_error',
    aliases: ['mae', 'meanAbsoluteError'],
    tfjs: 'meanAbsoluteError',
    doc: 'Mean absolute difference between labels and outputs: a regression loss.',
    formula: 'loss = mean_i |y_i - p_i|',
    labels: 'onehot',
  },
];

export function findLoss(name: string): LossEntry | undefined {
  return losses.find((entry) => entry.name === name || entry.aliases.includes(name));
}
