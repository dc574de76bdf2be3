// How shapes and counts are written everywhere a person reads them (hover, inlay hints,
// symbols, the summary table): one format, so the editor and the CLI agree.
import { formatCount as formatKnownCount, formatShape as formatKnownShape } from '../shapes';
import type { ConfigValue, Shape } from '../types';

/** `[null, 28, 28, 1]` (the analyzer's notation); `?` where an earlier error left it unknown. */
export function formatShape(shape: Shape | undefined): string {
  return shape ? formatKnownShape(shape) : '?';
}

/** `50,240`; `?` where an earlier error left it unknown. */
export function formatCount(count: number | undefined): string {
  return count === undefined ? '?' : formatKnownCount(count);
}

/**
 * A resolved configuration value as the user would write it in a `.dnn` file. Lists are
 * written as tuples, `(3, 3)`, unless `bracket` asks for `[accuracy]`; a one-axis window
 * (Conv1D's strides) is its number, `1`, not `(1)`.
 */
export function formatConfigValue(value: ConfigValue | undefined, bracket: '(' | '[' = '('): string {
  if (value === undefined) return '';
  if (value === null) return 'none';
  if (Array.isArray(value)) {
    if (bracket === '(' && value.length === 1 && typeof value[0] === 'number') return String(value[0]);
    const items = value.map((item) => formatConfigValue(item));
    return bracket === '[' ? `[${items.join(', ')}]` : `(${items.join(', ')})`;
  }
  if (typeof value === 'object') {
    const args = Object.entries(value.args).map(([name, arg]) => `${name}=${formatConfigValue(arg)}`);
    return args.length > 0 ? `${value.name}(${args.join(', ')})` : value.name;
  }
  return String(value);
}
