// The keys of the `compile { }` and `fit { }` blocks, and the datasets `fit` can name.
import type { ConfigValue } from '../types';
import { optimizers } from './optimizers';
import type { ArgSpec, DatasetEntry } from './types';

/** `adam` with every argument at its default, as the spec carries it. */
function defaultOptimizer(name: string): ConfigValue {
  const args: Record<string, ConfigValue> = {};
  for (const spec of optimizers.find((entry) => entry.name === name)?.args ?? []) {
    if (spec.default !== undefined) args[spec.name] = spec.default;
  }
  return { name, args };
}

export const compileSettings: readonly ArgSpec[] = [
  {
    name: 'optimizer',
    type: { kind: 'optimizer' },
    default: defaultOptimizer('adam'),
    doc: 'How the weights are updated: a name (`adam`) or a call with arguments (`adam(learning_rate=0.001)`).',
  },
  {
    name: 'loss',
    type: { kind: 'loss' },
    default: 'categorical_crossentropy',
    doc: 'What training minimises; it must fit the output activation (crossentropy after softmax).',
  },
  {
    name: 'metrics',
    type: { kind: 'metrics' },
    default: ['accuracy'],
    doc: 'Figures reported next to the loss, as a list: `[accuracy]`.',
  },
];

export const fitSettings: readonly ArgSpec[] = [
  {
    name: 'dataset',
    type: { kind: 'dataset' },
    default: { name: 'mnist', args: {} },
    doc: 'The data: `mnist` (the bundled MNIST files) or `idx(...)` with four IDX files relative to the .dnn file.',
  },
  { name: 'epochs', type: { kind: 'int', min: 1 }, default: 1, doc: 'Passes over the training set.' },
  { name: 'batch_size', type: { kind: 'int', min: 1 }, default: 32, doc: 'Samples per weight update.' },
  {
    name: 'validation_split',
    type: { kind: 'float', min: 0, max: 1, maxExclusive: true },
    default: 0,
    doc: 'Fraction of the training set held out for validation: the last samples, taken before shuffling (as Keras).',
  },
  { name: 'shuffle', type: { kind: 'bool' }, default: true, doc: 'Shuffle the training samples before each epoch.' },
  {
    name: 'class_names',
    type: { kind: 'stringList' },
    doc: 'Names of the classes, in label order (`["T-shirt/top", "Trouser", ...]`): the results panel, the confusion matrix and predictions show them. Unset means 0, 1, 2, ...',
  },
  {
    name: 'seed',
    type: { kind: 'int', min: 0 },
    doc: 'Seed for weight initialisation and shuffling: the same seed gives the same run. Unset means random.',
  },
];

const path = (name: string, doc: string): ArgSpec => ({ name, type: { kind: 'string' }, required: true, doc });

export const datasets: readonly DatasetEntry[] = [
  { name: 'mnist', doc: 'MNIST handwritten digits: 60,000 training and 10,000 test images of 28x28 grey pixels, 10 classes.', args: [] },
  {
    name: 'idx',
    doc: 'Any dataset in the IDX format of MNIST (Fashion-MNIST, ...), optionally gzipped; paths relative to the .dnn file.',
    args: [
      path('train_images', 'Training images (IDX3).'),
      path('train_labels', 'Training labels (IDX1).'),
      path('test_images', 'Test images (IDX3).'),
      path('test_labels', 'Test labels (IDX1).'),
    ],
  },
];

export function findDataset(name: string): DatasetEntry | undefined {
  return datasets.find((entry) => entry.name === name);
}
