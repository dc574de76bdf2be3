// Small questions the editor features ask the catalogue: the spec of a setting, and how an
// argument's type reads for a person.
import { compileSettings, fitSettings } from '../catalogue/index';
import type { ArgSpec, ArgType } from '../catalogue/types';
import type { SectionKind } from '../types';
import { formatConfigValue } from './display';

export function settingSpecs(kind: SectionKind): readonly ArgSpec[] {
  return kind === 'compile' ? compileSettings : fitSettings;
}

export function settingSpec(kind: SectionKind, key: string): ArgSpec | undefined {
  return settingSpecs(kind).find((spec) => spec.name === key);
}

/** `int ≥ 1`, `float in [0, 1)`, `'valid' | 'same'`, `int or (int, int)`. */
export function describeType(type: ArgType): string {
  switch (type.kind) {
    case 'int':
    case 'float':
      return `${type.kind}${describeBounds(type)}`;
    case 'bool':
      return 'true | false';
    case 'enum':
      return type.values.map((value) => `'${value}'`).join(' | ');
    case 'activation':
      return 'activation';
    case 'intTuple':
      return `int or (${Array(type.length).fill('int').join(', ')})${type.min !== undefined ? `, each ≥ ${type.min}` : ''}`;
    case 'optionalIntTuple':
      return `none, int or (${Array(type.length).fill('int').join(', ')})`;
    case 'shape':
      return type.allowMinusOne ? 'shape, e.g. [7, 7, -1] (one -1 at most)' : 'shape, e.g. [28, 28, 1]';
    case 'string':
      return 'string';
    case 'stringList':
      return 'list of strings, e.g. ["cat", "dog"]';
    case 'axes':
      return 'list of axes, e.g. [2, 1]';
    case 'optimizer':
      return 'optimizer, e.g. adam(learning_rate=0.001)';
    case 'loss':
      return 'loss';
    case 'metrics':
      return 'list of metrics, e.g. [accuracy]';
    case 'dataset':
      return 'dataset: mnist or idx(...)';
  }
}

function describeBounds(type: Extract<ArgType, { kind: 'int' | 'float' }>): string {
  const { min, max } = type;
  const minExclusive = type.kind === 'float' && type.minExclusive === true;
  const maxExclusive = type.kind === 'float' && type.maxExclusive === true;
  if (min !== undefined && max !== undefined) return ` in ${minExclusive ? '(' : '['}${min}, ${max}${maxExclusive ? ')' : ']'}`;
  if (min !== undefined) return ` ${minExclusive ? '>' : '≥'} ${min}`;
  if (max !== undefined) return ` ${maxExclusive ? '<' : '≤'} ${max}`;
  return '';
}

/** `units` for a required argument, `activation=linear` for one with a default (`seed=none` when unset). */
export function describeParameter(spec: ArgSpec): string {
  if (spec.required) return spec.name;
  return `${spec.name}=${spec.default === undefined ? 'none' : formatDefault(spec)}`;
}

/** `required`, `optional` (no default), or ``default `linear` ``. */
export function describeRequirement(spec: ArgSpec): string {
  if (spec.required) return 'required';
  return spec.default === undefined ? 'optional' : `default \`${formatDefault(spec)}\``;
}

/** The default as the user writes it: `[accuracy]` and `[28, 28, 1]` for lists, `(1, 1)` for tuples. */
export function formatDefault(spec: ArgSpec): string {
  const kind = spec.type.kind;
  return formatConfigValue(spec.default, kind === 'metrics' || kind === 'shape' || kind === 'axes' || kind === 'stringList' ? '[' : '(');
}
