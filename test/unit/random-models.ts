// Seeded random `.dnn` models for the property tests: every layer type of the catalogue with
// random sizes and arguments, written the ways users write them (positional or named,
// `[a, b]` or `(a, b)`, `same` or `"same"`). Values always have the right type; whether the
// shapes work out is left to chance, so the tests see valid and invalid models.
import { activations, layers } from '../../src/language/catalogue';
import type { ArgSpec, LayerEntry } from '../../src/language/catalogue/types';
import type { Random } from '../support/seeded-random';

export const integer = (random: Random, low: number, high: number): number => low + Math.floor(random() * (high - low + 1));
export const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;

/** Layer types that take an input of each rank (batch included); the rest are picked now and then. */
const byRank: Record<number, string[]> = {
  2: ['Dense', 'Activation', 'Dropout', 'GaussianNoise', 'GaussianDropout', 'AlphaDropout', 'BatchNormalization', 'LayerNormalization', 'Reshape', 'RepeatVector', 'ReLU', 'LeakyReLU', 'ELU', 'Softmax', 'Permute'],
  3: ['Conv1D', 'MaxPooling1D', 'AveragePooling1D', 'GlobalAveragePooling1D', 'GlobalMaxPooling1D', 'SpatialDropout1D', 'SimpleRNN', 'LSTM', 'GRU', 'Flatten', 'Dense', 'BatchNormalization', 'Reshape', 'Permute', 'Dropout'],
  4: ['Conv2D', 'Conv2DTranspose', 'DepthwiseConv2D', 'SeparableConv2D', 'MaxPooling2D', 'AveragePooling2D', 'GlobalAveragePooling2D', 'GlobalMaxPooling2D', 'UpSampling2D', 'ZeroPadding2D', 'Cropping2D', 'Flatten', 'Dense', 'BatchNormalization', 'Reshape', 'Permute'],
};

/** Layers that take several inputs: random-graphs.ts writes them, a chain has no use for them. */
export const mergeLayerTypes: readonly string[] = ['Add', 'Subtract', 'Multiply', 'Average', 'Maximum', 'Minimum', 'Concatenate'];

const allTypes = layers.filter((entry) => entry.type !== 'Input' && !mergeLayerTypes.includes(entry.type)).map((entry) => entry.type);

export interface GeneratedModel {
  text: string;
  inputShape: number[];
}

/**
 * A random model. `shapeOf(text)` gives the output shape (batch excluded) of the model written
 * so far, or undefined; the generator uses it to pick sensible Reshape targets and Permute axes.
 */
export function generateModel(random: Random, shapeOf: (text: string) => number[] | undefined): GeneratedModel {
  const inputShape = pick(random, [
    () => [integer(random, 1, 48)],
    () => [integer(random, 2, 10), integer(random, 1, 6)],
    () => [integer(random, 3, 14), integer(random, 3, 14), integer(random, 1, 3)],
  ])();
  const lines = [`    Input(shape=${list(random, inputShape)})`];
  const count = integer(random, 1, 6);
  let current: number[] | undefined = inputShape;
  for (let i = 0; i < count; i++) {
    const { type, args } = randomLayerLine(random, current);
    lines.push(`    ${type}(${args})`);
    current = shapeOf(wrap(lines));
  }
  return { text: wrap(lines), inputShape };
}

/** A random layer for an input of shape `current` (batch excluded; undefined when unknown): its type and written arguments. */
export function randomLayerLine(random: Random, current: number[] | undefined): { type: string; args: string } {
  const rank = (current?.length ?? 1) + 1;
  const type = random() < 0.85 ? pick(random, byRank[rank] ?? allTypes) : pick(random, allTypes);
  const entry = layers.find((e) => e.type === type) as LayerEntry;
  return { type, args: writeArguments(random, entry, current) };
}

export function wrap(lines: readonly string[]): string {
  return `model Random {\n${lines.join('\n')}\n}\n`;
}

function writeArguments(random: Random, entry: LayerEntry, current: number[] | undefined): string {
  const chosen = entry.args.filter((spec) => spec.required || random() < 0.4);
  let leading = 0;
  while (leading < entry.args.length && chosen.includes(entry.args[leading] as ArgSpec)) leading++;
  const positional = integer(random, 0, leading);
  const named = chosen.filter((spec) => entry.args.indexOf(spec) >= positional);
  shuffle(random, named);
  const written = entry.args.slice(0, positional).map((spec) => valueFor(random, spec, current));
  for (const spec of named) written.push(`${spec.name}=${valueFor(random, spec, current)}`);
  return written.join(', ');
}

function valueFor(random: Random, spec: ArgSpec, current: number[] | undefined): string {
  const type = spec.type;
  switch (spec.name) {
    case 'units':
    case 'filters':
      return String(integer(random, 1, 12));
    case 'kernel_size':
      return maybePair(random, spec, 1, 4);
    case 'strides':
      return type.kind === 'optionalIntTuple' && random() < 0.3 ? 'none' : maybePair(random, spec, 1, 3);
    case 'pool_size':
      return maybePair(random, spec, 1, 3);
    case 'dilation_rate':
      return maybePair(random, spec, 1, random() < 0.7 ? 1 : 2);
    case 'size':
      return maybePair(random, spec, 1, 3);
    case 'padding':
      return type.kind === 'enum' ? name(random, pick(random, type.values)) : maybePair(random, spec, 0, 2);
    case 'cropping':
      return maybePair(random, spec, 0, 2);
    case 'depth_multiplier':
    case 'n':
      return String(integer(random, 1, 3));
    case 'axis':
      return String(pick(random, [-1, -1, -1, 1, 2, 3, -2, 0, 4]));
    case 'target_shape':
      return list(random, reshapeTarget(random, current));
    case 'dims':
      return list(random, permutation(random, current));
    case 'shape':
      return list(random, [integer(random, 1, 8)]);
  }
  switch (type.kind) {
    case 'int':
      return String(integer(random, type.min ?? 0, (type.min ?? 0) + 5));
    case 'float': {
      const low = type.min ?? 0;
      const high = type.max ?? low + 2;
      const value = Math.round((low + random() * (high - low) * 0.95) * 1000) / 1000;
      return String(type.minExclusive && value <= low ? low + 0.001 : value);
    }
    case 'bool':
      return random() < 0.5 ? 'true' : 'false';
    case 'enum':
      return name(random, pick(random, type.values));
    case 'activation':
      return name(random, pick(random, activations).name);
    case 'intTuple':
    case 'optionalIntTuple':
      return maybePair(random, spec, type.min ?? 1, (type.min ?? 1) + 2);
    default:
      throw new Error(`random-models: no generator for ${spec.name} (${type.kind})`);
  }
}

/** `same` or `"same"`: both mean the same. */
function name(random: Random, value: string): string {
  return random() < 0.3 ? `"${value}"` : value;
}

/** `[1, 2]` or `(1, 2)`. */
function list(random: Random, items: readonly number[]): string {
  return random() < 0.5 ? `[${items.join(', ')}]` : `(${items.join(', ')})`;
}

/** An int (a square window) or a tuple of the spec's length. */
function maybePair(random: Random, spec: ArgSpec, low: number, high: number): string {
  const length = spec.type.kind === 'intTuple' || spec.type.kind === 'optionalIntTuple' ? spec.type.length : 1;
  if (length === 1 || random() < 0.5) return String(integer(random, low, high));
  return list(
    random,
    Array.from({ length }, () => integer(random, low, high)),
  );
}

/** A factorisation of the current size (sometimes with one -1), or now and then a wrong one. */
function reshapeTarget(random: Random, current: number[] | undefined): number[] {
  const size = current?.reduce((a, b) => a * b, 1) ?? integer(random, 1, 64);
  if (random() < 0.1) return [integer(random, 1, 9), integer(random, 1, 9)];
  const dims: number[] = [];
  let rest = size;
  const parts = integer(random, 1, 3);
  for (let i = 1; i < parts; i++) {
    const divisors = Array.from({ length: rest }, (_, d) => d + 1).filter((d) => rest % d === 0);
    const divisor = pick(random, divisors);
    dims.push(divisor);
    rest /= divisor;
  }
  dims.push(rest);
  if (random() < 0.25) dims[integer(random, 0, dims.length - 1)] = -1;
  return dims;
}

/** A permutation of the axes 1..rank, or now and then a wrong one. */
function permutation(random: Random, current: number[] | undefined): number[] {
  const axes = Array.from({ length: current?.length ?? 2 }, (_, i) => i + 1);
  if (random() < 0.1) return [...axes, axes.length + 1];
  return shuffle(random, axes);
}

function shuffle<T>(random: Random, items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j] as T, items[i] as T];
  }
  return items;
}
