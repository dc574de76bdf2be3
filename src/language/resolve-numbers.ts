// Numbers and shapes as argument values: whole numbers, ranges, tuples and shapes, each
// problem reported at the offending number.
import type { ArgSpec, ArgType } from './catalogue/types';
import { describeValue } from './describe';
import type { ResolveContext } from './resolve';
import type { ConfigValue, ValueNode } from './types';

/**
 * The largest whole number any argument or size may be (2^31 - 1): tfjs and its wasm backend
 * hold sizes, counts and seeds as 32-bit integers, and a larger one would pass the checks only
 * to crash training ("Invalid typed array length", a wasm out-of-bounds access).
 */
export const MAX_WHOLE_NUMBER = 2 ** 31 - 1;

const formatBound = (n: number) => n.toLocaleString('en-US');

/** A shape (`[28, 28, 1]`, or `784` for `[784]`): sizes of at least 1, one -1 where Reshape allows it. */
export function convertShape(
  owner: string,
  spec: ArgSpec,
  value: ValueNode,
  allowMinusOne: boolean,
  context: ResolveContext,
  wrongType: () => undefined,
): ConfigValue | undefined {
  // `shape=784` is read as `[784]`, like Python's `(784,)`.
  const items = value.kind === 'list' ? value.items : value.kind === 'number' ? [value] : undefined;
  if (!items) return wrongType();
  if (items.length === 0) {
    context.reporter.report('wrongType', `'${spec.name}' of ${owner} needs at least one size, like [784]`, value.range);
    return undefined;
  }
  const dims: number[] = [];
  let usable = true;
  let minusOneSeen = false;
  for (const item of items) {
    if (item.kind !== 'number') {
      if (item.kind !== 'missing') context.reporter.report('wrongType', `a shape holds whole numbers, got ${describeValue(item)}`, item.range);
      usable = false;
      continue;
    }
    if (!Number.isInteger(item.value)) {
      context.reporter.report('notAnInteger', `a size must be a whole number, got ${item.text}`, item.range);
      usable = false;
    } else if (item.value === -1 && allowMinusOne) {
      if (minusOneSeen) {
        context.reporter.report('multipleUnknownDims', `only one size can be -1 (inferred); this is the second`, item.range);
        usable = false;
      }
      minusOneSeen = true;
    } else if (item.value < 1) {
      const also = allowMinusOne ? ' (or -1 once, to infer it)' : '';
      context.reporter.report('nonPositiveDimension', `sizes must be at least 1${also}, got ${item.text}`, item.range);
      usable = false;
    } else if (item.value > MAX_WHOLE_NUMBER) {
      context.reporter.report(context.rangeCode, `a size must be at most ${formatBound(MAX_WHOLE_NUMBER)}, got ${item.text}`, item.range);
      usable = false;
    }
    dims.push(item.value);
  }
  return usable ? dims : undefined;
}

/** A whole number within `[min, max]`, or undefined (reported). */
export function checkInteger(
  name: string,
  value: Extract<ValueNode, { kind: 'number' }>,
  min: number | undefined,
  max: number | undefined,
  context: ResolveContext,
): number | undefined {
  if (!Number.isInteger(value.value)) {
    context.reporter.report('notAnInteger', `'${name}' must be a whole number, got ${value.text}`, value.range);
    return undefined;
  }
  if ((min !== undefined && value.value < min) || (max !== undefined && value.value > max)) {
    const bound = max === undefined ? `at least ${min}` : min === undefined ? `at most ${max}` : `between ${min} and ${max}`;
    context.reporter.report(context.rangeCode, `'${name}' must be ${bound}, got ${value.text}`, value.range);
    return undefined;
  }
  // Every whole number has an upper bound: the argument's own, or MAX_WHOLE_NUMBER.
  if (Math.abs(value.value) > MAX_WHOLE_NUMBER) {
    const bound = value.value > 0 ? `at most ${formatBound(MAX_WHOLE_NUMBER)}` : `at least ${formatBound(-MAX_WHOLE_NUMBER)}`;
    context.reporter.report(context.rangeCode, `'${name}' must be ${bound}, got ${value.text}`, value.range);
    return undefined;
  }
  return value.value;
}

/** A tuple: each item a whole number of at least `min`. */
export function checkIntegers(
  name: string,
  items: readonly ValueNode[],
  min: number | undefined,
  context: ResolveContext,
  wrongType: () => undefined,
): number[] | undefined {
  const values: number[] = [];
  for (const item of items) {
    if (item.kind !== 'number') return wrongType();
    const checked = checkInteger(name, item, min, undefined, context);
    if (checked === undefined) return undefined;
    values.push(checked);
  }
  return values;
}

/** A number within the type's interval, or undefined (reported). */
export function checkFloat(
  name: string,
  value: Extract<ValueNode, { kind: 'number' }>,
  type: Extract<ArgType, { kind: 'float' }>,
  context: ResolveContext,
): number | undefined {
  const { min, max } = type;
  const belowMin = min !== undefined && (type.minExclusive ? value.value <= min : value.value < min);
  const aboveMax = max !== undefined && (type.maxExclusive ? value.value >= max : value.value > max);
  if (!belowMin && !aboveMax) return value.value;
  context.reporter.report(context.rangeCode, `'${name}' must be ${describeInterval(type)}, got ${value.text}`, value.range);
  return undefined;
}

function describeInterval(type: Extract<ArgType, { kind: 'float' }>): string {
  const { min, max } = type;
  if (min !== undefined && min === max) return `${min} (the only value tfjs supports)`;
  if (min !== undefined && max !== undefined) {
    return `in ${type.minExclusive ? '(' : '['}${min}, ${max}${type.maxExclusive ? ')' : ']'}`;
  }
  if (min !== undefined) return type.minExclusive ? `greater than ${min}` : `at least ${min}`;
  return type.maxExclusive ? `less than ${max}` : `at most ${max}`;
}
