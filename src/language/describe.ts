// How the analyzer names things in its messages: types ("a whole number"), written values
// ("relu", "\"same\"", "64.5"), suggestions ("; did you mean 'relu'?") and argument lists.
import type { ArgSpec, ArgType } from './catalogue/types';
import type { ValueNode } from './types';

export function hint(candidates: readonly string[]): string {
  if (candidates.length === 0) return '';
  return `; did you mean ${candidates.map((c) => `'${c}'`).join(' or ')}?`;
}

/** ` (Dense takes units, activation, use_bias)` when no name is close enough to suggest. */
export function argumentList(owner: string, specs: readonly ArgSpec[]): string {
  return specs.length === 0 ? ` (${owner} takes no arguments)` : ` (${owner} takes ${specs.map((s) => s.name).join(', ')})`;
}

/** A doc sentence inside a message: lower-case start, no final period. */
export function lowerFirst(text: string): string {
  return (text.charAt(0).toLowerCase() + text.slice(1)).replace(/\.$/, '');
}

/** How a type is named in messages: "takes a whole number, got relu". */
export function describeType(type: ArgType): string {
  switch (type.kind) {
    case 'int':
      return 'a whole number';
    case 'float':
      return 'a number';
    case 'bool':
      return 'true or false';
    case 'string':
      return 'a quoted string';
    case 'stringList':
      return 'a list of quoted strings like ["cat", "dog"]';
    case 'enum':
      return `one of ${type.values.join(', ')}`;
    case 'activation':
      return 'an activation such as relu';
    case 'intTuple':
      return type.length === 1 ? 'a whole number' : `a whole number or ${type.length} of them, like ${pairExample(type.length)}`;
    case 'optionalIntTuple':
      return `${type.length === 1 ? 'a whole number' : `a whole number or ${type.length} of them, like ${pairExample(type.length)}`}, or none`;
    case 'shape':
      return 'a shape like [28, 28, 1]';
    case 'axes':
      return 'a list of axes like [2, 1]';
    case 'optimizer':
      return 'an optimizer such as adam or adam(learning_rate=0.001)';
    case 'loss':
      return 'a loss such as categorical_crossentropy';
    case 'metrics':
      return 'a list of metrics such as [accuracy]';
    case 'dataset':
      return 'mnist or idx(train_images="...", train_labels="...", test_images="...", test_labels="...")';
  }
}

function pairExample(length: number): string {
  return `(${Array<number>(length).fill(3).join(', ')})`;
}

/** How a written value is named in messages. */
export function describeValue(value: ValueNode): string {
  switch (value.kind) {
    case 'number':
      return value.text;
    case 'string':
      return `"${value.value}"`;
    case 'identifier':
      return value.name;
    case 'bool':
      return String(value.value);
    case 'list':
      return `a list of ${value.items.length}`;
    case 'call':
      return `${value.callee.name}(...)`;
    case 'missing':
      return 'nothing';
  }
}
