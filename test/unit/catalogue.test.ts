// The catalogue against itself and against tfjs 4.22: names, defaults that fit their types,
// factories, activations, optimizers and losses that tfjs really has.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import {
  activations,
  compileSettings,
  datasets,
  findActivation,
  findLayer,
  findLoss,
  findMetric,
  findOptimizer,
  fitSettings,
  layers,
  losses,
  metrics,
  optimizers,
} from '../../src/language/catalogue';
import type { ArgSpec, ArgType } from '../../src/language/catalogue/types';
import type { ConfigValue } from '../../src/language/types';

const snakeCase = /^[a-z][a-z0-9]*(_[a-z0-9]+)*$/;

/** Whether a catalogue default is a value of its own type (as the resolver would produce it). */
function fits(type: ArgType, value: ConfigValue): boolean {
  switch (type.kind) {
    case 'int':
      return Number.isInteger(value) && (type.min === undefined || (value as number) >= type.min);
    case 'float':
      return typeof value === 'number' && (type.min === undefined || value >= type.min) && (type.max === undefined || value <= type.max);
    case 'bool':
      return typeof value === 'boolean';
    case 'enum':
      return type.values.includes(value as string);
    case 'activation':
      return findActivation(value as string)?.name === value;
    case 'intTuple':
      return Array.isArray(value) && value.length === type.length && value.every((v) => Number.isInteger(v) && (v as number) >= (type.min ?? 1));
    case 'optionalIntTuple':
      return value === null || fits({ kind: 'intTuple', length: type.length, min: type.min }, value);
    case 'loss':
      return findLoss(value as string)?.name === value;
    case 'metrics':
      return Array.isArray(value) && value.every((m) => findMetric(m as string) !== undefined);
    case 'optimizer':
      return typeof value === 'object' && value !== null && !Array.isArray(value) && findOptimizer(value.name as string) !== undefined;
    case 'dataset':
      return typeof value === 'object' && value !== null && !Array.isArray(value) && datasets.some((d) => d.name === value.name);
    default:
      return false;
  }
}

function checkArgs(owner: string, args: readonly ArgSpec[]): void {
  const names = args.map((a) => a.name);
  assert.equal(new Set(names).size, names.length, `${owner}: argument names are unique`);
  for (const arg of args) {
    assert.match(arg.name, snakeCase, `${owner}.${arg.name} is a Keras snake_case name`);
    assert.ok(arg.doc.length > 10, `${owner}.${arg.name} has a doc`);
    if (arg.required) assert.equal(arg.default, undefined, `${owner}.${arg.name}: required arguments have no default`);
    if (arg.default !== undefined) assert.ok(fits(arg.type, arg.default), `${owner}.${arg.name}: default ${JSON.stringify(arg.default)} fits ${arg.type.kind}`);
  }
}

describe('layers', () => {
  test('types are unique Keras class names with snake_case name prefixes and docs', () => {
    const types = layers.map((l) => l.type);
    assert.equal(new Set(types).size, types.length);
    for (const entry of layers) {
      assert.match(entry.type, /^[A-Z][A-Za-z0-9]*$/);
      assert.match(entry.namePrefix, snakeCase);
      assert.ok(entry.doc.length > 20, `${entry.type} has a doc`);
      checkArgs(entry.type, entry.args);
      assert.equal(findLayer(entry.type), entry);
    }
    assert.equal(findLayer('dense'), undefined, 'layer types are case-sensitive, as in Keras');
  });

  test('at least the layer types the language promises', () => {
    for (const type of ['Input', 'Dense', 'Activation', 'Dropout', 'Flatten', 'Reshape', 'Conv2D', 'MaxPooling2D', 'AveragePooling2D', 'GlobalAveragePooling2D', 'GlobalMaxPooling2D', 'BatchNormalization']) {
      assert.ok(findLayer(type), type);
    }
  });

  test('Keras positional order of the main layers', () => {
    const order = (type: string) => findLayer(type)?.args.map((a) => a.name);
    assert.deepEqual(order('Dense'), ['units', 'activation', 'use_bias']);
    assert.deepEqual(order('Conv2D')?.slice(0, 4), ['filters', 'kernel_size', 'strides', 'padding']);
    assert.deepEqual(order('MaxPooling2D')?.slice(0, 3), ['pool_size', 'strides', 'padding']);
    assert.deepEqual(order('BatchNormalization')?.slice(0, 3), ['axis', 'momentum', 'epsilon']);
    assert.deepEqual(order('Dropout'), ['rate']);
  });

  test('every factory exists under tf.layers and builds from the default config', () => {
    const factories = tf.layers as unknown as Record<string, (config: object) => tf.layers.Layer>;
    for (const entry of layers) {
      const factory = factories[entry.tfjs.factory];
      if (entry.tfjs.custom) {
        // The engine defines this layer because tfjs has none (Subtract).
        assert.equal(factory, undefined, `tf.layers.${entry.tfjs.factory} exists: the entry need not be custom`);
        continue;
      }
      assert.equal(typeof factory, 'function', `tf.layers.${entry.tfjs.factory}`);
      const config: Record<string, ConfigValue> = {};
      for (const arg of entry.args) {
        if (arg.default !== undefined) config[arg.name] = arg.default;
      }
      const required = { units: 4, filters: 4, kernel_size: [3, 3], rate: 0.5, stddev: 0.1, shape: [4], target_shape: [4], dims: [1], n: 2, activation: 'relu' };
      for (const arg of entry.args) {
        if (arg.required) config[arg.name] = required[arg.name as keyof typeof required] as ConfigValue;
      }
      if (entry.type === 'Conv1D') config.kernel_size = [3];
      const layer = factory(entry.tfjs.config(config));
      assert.ok(layer instanceof tf.layers.Layer, entry.type);
    }
  });
});

test('activations: every one tfjs registers, by Keras name, each usable in a tfjs layer', () => {
  const names = activations.map((a) => a.name);
  for (const name of ['elu', 'hard_sigmoid', 'linear', 'relu', 'relu6', 'selu', 'sigmoid', 'softmax', 'softplus', 'softsign', 'tanh', 'swish', 'mish', 'gelu', 'gelu_new']) {
    assert.ok(names.includes(name), name);
  }
  for (const entry of activations) {
    assert.match(entry.name, snakeCase);
    assert.ok(entry.formula.length > 0 && entry.doc.length > 0);
    // tfjs resolves the activation when the layer is made: an unknown name throws here.
    tf.layers.activation({ activation: entry.tfjs as never });
    assert.equal(findActivation(entry.tfjs), entry, 'the tfjs spelling is accepted too');
  }
});

test('optimizers: the tfjs set, each built from its defaults in positional order', () => {
  assert.deepEqual(
    optimizers.map((o) => o.name),
    ['sgd', 'momentum', 'adam', 'adamax', 'rmsprop', 'adagrad', 'adadelta'],
  );
  const train = tf.train as unknown as Record<string, (...args: unknown[]) => tf.Optimizer>;
  for (const entry of optimizers) {
    checkArgs(entry.name, entry.args);
    for (const name of entry.tfjs.positional) assert.ok(entry.args.some((a) => a.name === name), `${entry.name}: ${name} is an argument`);
    const values = entry.tfjs.positional.map((name) => entry.args.find((a) => a.name === name)?.default);
    const optimizer = train[entry.tfjs.factory]?.(...values);
    assert.ok(optimizer instanceof tf.Optimizer, entry.name);
    optimizer.dispose();
  }
  assert.equal(findOptimizer('adam')?.args.find((a) => a.name === 'learning_rate')?.default, 0.001);
});

test('losses: tfjs compiles each by its tfjs name; Keras aliases find them', () => {
  for (const entry of losses) {
    const model = tf.sequential({ layers: [tf.layers.dense({ units: 2, inputShape: [2], activation: 'softmax' })] });
    model.compile({ optimizer: 'sgd', loss: entry.tfjs });
    model.dispose();
    assert.equal(findLoss(entry.name), entry);
    for (const alias of entry.aliases) assert.equal(findLoss(alias), entry);
  }
  assert.equal(findLoss('mse')?.name, 'mean_squared_error');
  assert.equal(findLoss('sparse_categorical_crossentropy')?.labels, 'integer');
  assert.equal(findLoss('categorical_crossentropy')?.labels, 'onehot');
});

test('metrics and settings', () => {
  assert.equal(findMetric('acc')?.name, 'accuracy');
  assert.equal(metrics.length > 0, true);
  checkArgs('compile', compileSettings);
  checkArgs('fit', fitSettings);
  assert.deepEqual(compileSettings.map((s) => s.name), ['optimizer', 'loss', 'metrics']);
  assert.deepEqual(fitSettings.map((s) => s.name), ['dataset', 'epochs', 'batch_size', 'validation_split', 'shuffle', 'class_names', 'seed']);
  for (const dataset of datasets) checkArgs(dataset.name, dataset.args);
});
