// Merge layers: Add, Subtract, Multiply, Average, Maximum, Minimum and Concatenate. They take
// two or more inputs (`Add()([a, b])`), have no weights, and compute output shapes exactly as
// tfjs-layers' Merge layers do (merge.ts: `computeElementwiseOpOutputShape`, Concatenate's
// `build` and `computeOutputShape`).
import { formatShape } from '../../shapes';
import type { Dim, Shape } from '../../types';
import type { LayerEntry, LayerType, ShapeResult } from '../types';
import { countOf, fail, num, ok } from './common';

/**
 * tfjs's elementwise output shape of two shapes without their batch axis: aligned from the
 * right, a size-1 axis broadcasts to the other's size, unknown sizes stay unknown; two
 * different sizes other than 1 do not fit (`fromEnd` says which axis: 1 is the last).
 */
function broadcast(a: readonly Dim[], b: readonly Dim[]): { shape: Dim[] } | { fromEnd: number } {
  if (a.length < b.length) return broadcast(b, a);
  const out = a.slice(0, a.length - b.length);
  for (let k = 0; k < b.length; k++) {
    const i = a[a.length - b.length + k] ?? null;
    const j = b[k] ?? null;
    if (i === null || j === null || i < 0 || j < 0) out.push(null);
    else if (i === 1) out.push(j);
    else if (j === 1) out.push(i);
    else if (i !== j) return { fromEnd: b.length - k };
    else out.push(i);
  }
  return { shape: out };
}

/** Merge.computeOutputShape: the inputs broadcast together, the batch axis first. */
function elementwiseShape(type: string, inputs: readonly Shape[]): ShapeResult {
  let shape: Dim[] = (inputs[0] ?? []).slice(1);
  for (const input of inputs.slice(1)) {
    const result = broadcast(shape, input.slice(1));
    if ('shape' in result) {
      shape = result.shape;
      continue;
    }
    // The axis in the numbering of the longest input (every input has it there, counted from the end).
    const longest = Math.max(...inputs.map((s) => s.length));
    const sizes = inputs.filter((s) => s.length - result.fromEnd >= 1).map((s) => String(s[s.length - result.fromEnd]));
    return fail(
      'mergeShapeMismatch',
      `${type} needs inputs of one shape (a size of 1 broadcasts): got ${inputs.map(formatShape).join(', ')}; axis ${longest - result.fromEnd} disagrees (${sizes.join(' vs ')})`,
    );
  }
  return ok([null, ...shape]);
}

/** Concatenate's build and computeOutputShape: every axis but `axis` equal, `axis` summed. */
function concatenatedShape(inputs: readonly Shape[], axisArg: number): ShapeResult {
  const first = inputs[0] as Shape;
  const rank = first.length;
  const axis = axisArg < 0 ? rank + axisArg : axisArg;
  if (axis < 1 || axis >= rank) {
    return fail('invalidAxis', `Concatenate axis ${axisArg} of ${formatShape(first)}: the axis must be one of 1..${rank - 1} (or -1..-${rank - 1}); 0 is the batch`, 'axis');
  }
  const others = (shape: Shape): string => formatShape(shape.filter((_dim, i) => i !== axis));
  const mismatch = inputs.find((shape) => shape.length !== rank || others(shape) !== others(first));
  if (mismatch) {
    const differing = mismatch.length !== rank ? 'their ranks differ' : `axis ${mismatch.findIndex((dim, i) => i !== axis && dim !== first[i])} differs`;
    return fail(
      'concatenateShapeMismatch',
      `Concatenate along axis ${axisArg} needs inputs equal on every other axis: got ${inputs.map(formatShape).join(', ')}; ${differing}`,
      'axis',
    );
  }
  const output = first.slice();
  let sum: number | null = 0;
  for (const shape of inputs) {
    const size = shape[axis] ?? null;
    sum = sum === null || size === null ? null : sum + size;
  }
  output[axis] = sum;
  return ok(output);
}

function elementwise(type: LayerType, factory: string, arity: LayerEntry['arity'], doc: string, operation: (inputs: readonly string[]) => string): LayerEntry {
  return {
    type,
    namePrefix: type.toLowerCase(),
    doc,
    category: 'merge',
    args: [],
    arity,
    outputShape: (inputs) => elementwiseShape(type, inputs),
    params: () => countOf(0),
    formula: (_inputs, _output, _config, names) => `${names.output} = ${operation(names.inputs)}, element by element`,
    tfjs: factory === 'subtract' ? { factory, custom: true, config: () => ({}) } : { factory, config: () => ({}) },
  };
}

const twoOrMore = { min: 2 } as const;
const broadcasting = 'Inputs must have the same shape, except that a size of 1 broadcasts (a `[1, 1, C]` gate scales `[H, W, C]` feature maps).';

export const add = elementwise('Add', 'add', twoOrMore, `Sums its inputs, element by element: the residual connection of ResNet. ${broadcasting}`, (x) => x.join(' + '));
export const subtract = elementwise('Subtract', 'subtract', { min: 2, max: 2 }, `Subtracts its second input from its first, element by element; exactly two inputs. ${broadcasting}`, (x) => x.join(' - '));
export const multiply = elementwise('Multiply', 'multiply', twoOrMore, `Multiplies its inputs, element by element: the gate of squeeze-and-excitation. ${broadcasting}`, (x) => x.join(' * '));
export const average = elementwise('Average', 'average', twoOrMore, `Averages its inputs, element by element. ${broadcasting}`, (x) => `(${x.join(' + ')}) / ${x.length}`);
export const maximum = elementwise('Maximum', 'maximum', twoOrMore, `The largest of its inputs, element by element. ${broadcasting}`, (x) => `max(${x.join(', ')})`);
export const minimum = elementwise('Minimum', 'minimum', twoOrMore, `The smallest of its inputs, element by element. ${broadcasting}`, (x) => `min(${x.join(', ')})`);

export const concatenate: LayerEntry = {
  type: 'Concatenate',
  namePrefix: 'concatenate',
  doc: 'Joins its inputs along `axis` (the channels by default, as Inception does); every other axis must agree.',
  category: 'merge',
  args: [{ name: 'axis', type: { kind: 'int' }, default: -1, doc: 'The axis joined; negative counts from the end (-1: the last).' }],
  arity: twoOrMore,
  outputShape: (inputs, config) => concatenatedShape(inputs, num(config, 'axis')),
  params: () => countOf(0),
  formula: (_inputs, _output, config, names) => `${names.output} = concat(${names.inputs.join(', ')}) along axis ${num(config, 'axis')}`,
  tfjs: { factory: 'concatenate', config: (config) => ({ axis: config.axis }) },
};

export const mergeLayers: readonly LayerEntry[] = [add, subtract, multiply, average, maximum, minimum, concatenate];
